namespace Pipeline.Classification.Ml;

using Microsoft.ML.Data;

/// <summary>The row ML.NET trains and predicts on. Public only because ML.NET's code generation needs it.</summary>
public sealed class TopicModelInput
{
    public string Text { get; set; } = string.Empty;

    public string Label { get; set; } = string.Empty;
}

/// <summary>What the model returns: one probability per label, in the order of the model's label list.</summary>
public sealed class TopicModelOutput
{
    [ColumnName("Score")]
    public float[] Score { get; set; } = [];
}

/// <summary>Our metadata, stored as an extra entry of the model zip so a loaded model knows its version and labels.</summary>
internal sealed record TopicModelMetadata(string Version, string Algorithm, IReadOnlyList<string> Labels)
{
    public const string EntryName = "Pipeline/topic-model.json";
}
