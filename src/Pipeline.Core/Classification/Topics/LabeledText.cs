namespace Pipeline.Core.Classification.Topics;

/// <summary>A labeled example for training or evaluating a topic classifier. The first label is the primary one.</summary>
public sealed record LabeledText(string Title, string Text, IReadOnlyList<string> Labels);
