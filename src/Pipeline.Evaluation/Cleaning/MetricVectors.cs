using System.Text.Json;

namespace Pipeline.Evaluation.Cleaning;

/// <summary>Checks the AEB metric port against a golden vectors file (tokenisation, shingle counts, aggregation).</summary>
public static class MetricVectors
{
    /// <summary>Returns the failures (empty when every vector reproduces) and how many vectors were checked.</summary>
    public static (IReadOnlyList<string> Failures, int Checked) Verify(string path)
    {
        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        var root = json.RootElement;
        var failures = new List<string>();
        var checkedCount = 0;
        if (root.TryGetProperty("tokenize", out var tokenize))
        {
            foreach (var vector in tokenize.EnumerateArray())
            {
                checkedCount++;
                var text = vector.GetProperty("text").GetString()!;
                var expected = vector.GetProperty("tokens").EnumerateArray().Select(t => t.GetString()!).ToList();
                var actual = AebMetric.Tokenize(text);
                if (!expected.SequenceEqual(actual, StringComparer.Ordinal))
                {
                    failures.Add($"tokenize {JsonSerializer.Serialize(text)}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
                }
            }
        }

        if (root.TryGetProperty("shingle_tp_fp_fn", out var shingles))
        {
            foreach (var vector in shingles.EnumerateArray())
            {
                checkedCount++;
                var truth = vector.GetProperty("true").GetString()!;
                var pred = vector.GetProperty("pred").GetString()!;
                var n = vector.GetProperty("n").GetInt32();
                var expected = vector.GetProperty("tp_fp_fn").EnumerateArray().Select(v => v.GetDouble()).ToArray();
                var score = AebMetric.Score(truth, pred, n);
                double[] actual = [score.TruePositive, score.FalsePositive, score.FalseNegative];
                if (expected.Zip(actual).Any(p => Math.Abs(p.First - p.Second) > 1e-12))
                {
                    failures.Add($"shingles true={JsonSerializer.Serialize(truth)} pred={JsonSerializer.Serialize(pred)} n={n}: expected [{string.Join(", ", expected)}], got [{string.Join(", ", actual)}]");
                }
            }
        }

        // Per-document scores of a published extractor must aggregate to that extractor's published macro figures.
        foreach (var property in root.EnumerateObject().Where(p => p.Name.StartsWith("per_doc_", StringComparison.Ordinal)))
        {
            var system = property.Name["per_doc_".Length..].Replace('_', ' ');
            if (!root.TryGetProperty("macro_no_bootstrap", out var macro) || !macro.TryGetProperty(system, out var published))
            {
                continue;
            }

            checkedCount++;
            var pages = property.Value.EnumerateObject()
                .Select(p => (new ShingleScore(p.Value.GetProperty("tp").GetDouble(), p.Value.GetProperty("fp").GetDouble(), p.Value.GetProperty("fn").GetDouble()),
                    p.Value.GetProperty("exact").GetDouble() > 0))
                .ToList();
            var summary = AebMetric.Summarize(pages);
            Compare(failures, system, "f1", published, summary.F1);
            Compare(failures, system, "precision", published, summary.Precision);
            Compare(failures, system, "recall", published, summary.Recall);
            Compare(failures, system, "accuracy", published, summary.Accuracy);
        }

        return (failures, checkedCount);
    }

    private static void Compare(List<string> failures, string system, string field, JsonElement published, double actual)
    {
        if (published.TryGetProperty(field, out var value) && Math.Abs(value.GetDouble() - actual) > 1e-9)
        {
            failures.Add($"{system} {field}: published {value.GetDouble():R}, aggregated {actual:R}");
        }
    }
}
