namespace Pipeline.Evaluation.Topics;

using System.Diagnostics;
using Pipeline.Core.Classification;
using Pipeline.Core.Classification.Topics;

/// <summary>An item whose mapped top label was wrong, with what drove the prediction.</summary>
public sealed record TopicMiss(int Line, string Title, string Truth, string Predicted, string ProductLabel, IReadOnlyList<string> Evidence);

/// <summary>What one evaluation run measured.</summary>
/// <param name="ModelId">The classifier's id.</param>
/// <param name="N">Items scored.</param>
/// <param name="Accuracy">Share of items whose top label, mapped, is one of the item's labels.</param>
/// <param name="MacroF1">Mean F1 over the data set's labels.</param>
/// <param name="PerLabel">Precision and recall per data set label.</param>
/// <param name="Confusion">Truth (rows) against mapped top label (columns).</param>
/// <param name="Unlabeled">Items the classifier gave no label.</param>
/// <param name="MillisecondsMedian">Median classification time per item, single thread.</param>
/// <param name="MillisecondsP95">95th percentile of the same.</param>
/// <param name="CpuMillisecondsMean">Process CPU time per item over the whole run: unlike wall time, not inflated by other processes on a busy machine.</param>
/// <param name="Misses">The wrongly classified items, in data set order.</param>
public sealed record TopicEvaluationReport(
    string ModelId,
    int N,
    double Accuracy,
    double MacroF1,
    IReadOnlyList<LabelMetrics> PerLabel,
    ConfusionMatrix Confusion,
    int Unlabeled,
    double MillisecondsMedian,
    double MillisecondsP95,
    double CpuMillisecondsMean,
    IReadOnlyList<TopicMiss> Misses);

/// <summary>Scores a topic classifier on a labeled set: top label only (the product's primary label).</summary>
public static class TopicEvaluator
{
    /// <summary>The column for items the classifier gave no label at all.</summary>
    public const string NoLabel = "(none)";

    public static TopicEvaluationReport Evaluate(ITopicClassifier classifier, IReadOnlyList<LabeledText> items, LabelMap? map = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(items);
        map ??= LabelMap.Identity;

        // One warm-up call so the first item does not pay for lazy initialisation (lexicon, JIT).
        if (items.Count > 0)
        {
            classifier.Classify(items[0].Title, items[0].Text);
        }

        var confusion = new ConfusionMatrix();
        var timings = new double[items.Count];
        var unlabeled = 0;
        var misses = new List<TopicMiss>();
        var cpuStarted = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var started = Stopwatch.GetTimestamp();
            var topics = classifier.Classify(item.Title, item.Text);
            timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var predicted = topics.Count == 0 ? NoLabel : map.Apply(topics[0].Label);
            if (topics.Count == 0)
            {
                unlabeled++;
            }

            // A multi-label item counts as right when the prediction is any of its labels; otherwise it is charged to its first label.
            var truth = item.Labels.FirstOrDefault(l => string.Equals(l, predicted, StringComparison.OrdinalIgnoreCase)) ?? item.Labels[0];
            var correct = string.Equals(truth, predicted, StringComparison.OrdinalIgnoreCase);
            confusion.Add(truth, correct ? truth : predicted);
            if (!correct)
            {
                misses.Add(new TopicMiss(i + 1, string.IsNullOrEmpty(item.Title) ? Shorten(item.Text) : item.Title, truth, predicted, topics.Count == 0 ? NoLabel : topics[0].Label, topics.Count == 0 ? [] : topics[0].Evidence));
            }
        }

        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuStarted).TotalMilliseconds;
        Array.Sort(timings);
        return new TopicEvaluationReport(
            classifier.ModelId,
            items.Count,
            confusion.Accuracy,
            confusion.MacroF1,
            confusion.PerLabel(),
            confusion,
            unlabeled,
            Percentiles.Of(timings, 0.5),
            Percentiles.Of(timings, 0.95),
            items.Count == 0 ? 0 : cpu / items.Count,
            misses);
    }

    private static string Shorten(string text) => text.Length <= 80 ? text : string.Concat(text.AsSpan(0, 77), "...");
}
