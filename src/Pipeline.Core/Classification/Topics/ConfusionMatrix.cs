namespace Pipeline.Core.Classification.Topics;

/// <summary>Precision, recall and F1 of one label (0 when undefined, e.g. a label never predicted).</summary>
public sealed record LabelMetrics(string Label, double Precision, double Recall, double F1, int Support, int Predicted);

/// <summary>
/// Counts of (true label, predicted label) pairs, with the usual single-label metrics. Predictions outside the
/// true label set (including "no label") are kept as their own columns so nothing is silently dropped.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly Dictionary<(string Truth, string Predicted), int> counts = [];
    private readonly SortedSet<string> truths = new(StringComparer.Ordinal);
    private readonly SortedSet<string> predictions = new(StringComparer.Ordinal);

    public int Total { get; private set; }

    public int Correct { get; private set; }

    /// <summary>Labels that occur as truth, sorted.</summary>
    public IReadOnlyList<string> TrueLabels => truths.ToList();

    /// <summary>Truth labels followed by any predicted labels that never occur as truth.</summary>
    public IReadOnlyList<string> Columns => truths.Concat(predictions.Where(p => !truths.Contains(p))).ToList();

    public double Accuracy => Total == 0 ? 0 : (double)Correct / Total;

    /// <summary>Mean F1 over the true labels (labels never in the truth do not count).</summary>
    public double MacroF1 => truths.Count == 0 ? 0 : PerLabel().Average(m => m.F1);

    public void Add(string truth, string predicted)
    {
        ArgumentNullException.ThrowIfNull(truth);
        ArgumentNullException.ThrowIfNull(predicted);
        counts[(truth, predicted)] = Count(truth, predicted) + 1;
        truths.Add(truth);
        predictions.Add(predicted);
        Total++;
        if (string.Equals(truth, predicted, StringComparison.Ordinal))
        {
            Correct++;
        }
    }

    public int Count(string truth, string predicted) => counts.GetValueOrDefault((truth, predicted));

    public IReadOnlyList<LabelMetrics> PerLabel()
    {
        var result = new List<LabelMetrics>(truths.Count);
        foreach (var label in truths)
        {
            var tp = Count(label, label);
            var support = counts.Where(c => c.Key.Truth == label).Sum(c => c.Value);
            var predicted = counts.Where(c => c.Key.Predicted == label).Sum(c => c.Value);
            var precision = predicted == 0 ? 0 : (double)tp / predicted;
            var recall = support == 0 ? 0 : (double)tp / support;
            var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            result.Add(new LabelMetrics(label, precision, recall, f1, support, predicted));
        }

        return result;
    }
}
