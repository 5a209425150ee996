namespace Pipeline.Classification.Ml;

using Pipeline.Core.Classification.Topics;

/// <summary>A trained topic model and how well it cross-validated.</summary>
/// <param name="ModelBytes">The ML.NET model zip (with our metadata entry); load it with <c>MlTopicClassifier.Load</c>.</param>
/// <param name="Version">The model's version; the classifier's id is <c>mlnet/&lt;version&gt;</c>.</param>
/// <param name="Accuracy">Cross-validated accuracy of the first label (out-of-fold predictions over all items).</param>
/// <param name="MacroF1">Cross-validated macro-F1 over the labels.</param>
/// <param name="Confusion">Out-of-fold confusion matrix (truth = each item's first label).</param>
/// <param name="Labels">The labels the model predicts, in score order.</param>
/// <param name="Folds">Folds used for cross-validation.</param>
/// <param name="TrainingItems">Examples the final model was trained on.</param>
public sealed record TrainedTopicModel(
    byte[] ModelBytes,
    string Version,
    double Accuracy,
    double MacroF1,
    ConfusionMatrix Confusion,
    IReadOnlyList<string> Labels,
    int Folds,
    int TrainingItems);
