using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Classification.Duplicates;

namespace Pipeline.Evaluation.Duplicates;

/// <summary>A labeled pair of texts; <c>Kind</c> is an optional tag (e.g. <c>syndicated</c>) used only in reports.</summary>
public sealed record DuplicatePair(string A, string B, bool Duplicate, string? Kind);

/// <summary>A pair the judge got wrong, with the estimates it decided on.</summary>
public sealed record DuplicateMiss(int Line, string? Kind, bool Expected, double Jaccard, double Containment);

/// <summary>
/// Near-duplicate figures over labeled pairs. <c>CandidateRecall</c>: share of true duplicates that share at least
/// one LSH band key (what the index can find at all); <c>NegativeCandidateRate</c>: share of non-duplicates that
/// collide in some band anyway (extra verifications, no wrong answers).
/// </summary>
public sealed record DuplicateEvalResult(
    double Precision,
    double Recall,
    double F1,
    int N,
    int TruePositives,
    int FalsePositives,
    int FalseNegatives,
    int TrueNegatives,
    double CandidateRecall,
    double NegativeCandidateRate,
    double MsPerText,
    IReadOnlyList<DuplicateMiss> Misses);

/// <summary><c>pipeline eval duplicates</c>: sketches both texts of every labeled pair and scores the decision.</summary>
public static class DuplicateEvaluation
{
    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    /// <exception cref="EvaluationDataException">The file is missing or a line is not a valid pair.</exception>
    public static DuplicateEvalResult Run(string path, MinHashOptions? minHash = null, NearDuplicateOptions? judge = null) =>
        Evaluate(Load(path), minHash, judge);

    public static IReadOnlyList<DuplicatePair> Load(string path)
    {
        var pairs = new List<DuplicatePair>();
        foreach (var (line, number) in EvaluationFiles.Lines(path))
        {
            PairLine? raw;
            try
            {
                raw = JsonSerializer.Deserialize<PairLine>(line, ReadOptions);
            }
            catch (JsonException ex)
            {
                throw new EvaluationDataException($"{path}:{number}: not valid JSON ({ex.Message}).");
            }

            if (raw?.A is null || raw.B is null || raw.Duplicate is null)
            {
                throw new EvaluationDataException($"{path}:{number}: expected {{\"a\": text, \"b\": text, \"duplicate\": true|false}}.");
            }

            pairs.Add(new DuplicatePair(raw.A, raw.B, raw.Duplicate.Value, raw.Kind));
        }

        return pairs;
    }

    public static DuplicateEvalResult Evaluate(IReadOnlyList<DuplicatePair> pairs, MinHashOptions? minHash = null, NearDuplicateOptions? judge = null)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        minHash ??= MinHashOptions.Default;
        judge ??= NearDuplicateOptions.Default;
        int tp = 0, fp = 0, fn = 0, tn = 0, positives = 0, positiveCandidates = 0, negatives = 0, negativeCandidates = 0;
        var misses = new List<DuplicateMiss>();
        var sketching = new Stopwatch();
        for (var i = 0; i < pairs.Count; i++)
        {
            var pair = pairs[i];
            sketching.Start();
            var a = MinHasher.Sketch(pair.A, minHash);
            var b = MinHasher.Sketch(pair.B, minHash);
            sketching.Stop();
            var similarity = NearDuplicateJudge.Compare(a, b);
            var predicted = NearDuplicateJudge.IsNearDuplicate(similarity, Math.Min(a.ShingleCount, b.ShingleCount), judge);
            var candidate = MinHasher.BandKeys(a.Signature, minHash).Intersect(MinHasher.BandKeys(b.Signature, minHash)).Any();
            if (pair.Duplicate)
            {
                positives++;
                positiveCandidates += candidate ? 1 : 0;
            }
            else
            {
                negatives++;
                negativeCandidates += candidate ? 1 : 0;
            }

            switch (pair.Duplicate, predicted)
            {
                case (true, true): tp++; break;
                case (false, true): fp++; break;
                case (true, false): fn++; break;
                default: tn++; break;
            }

            if (pair.Duplicate != predicted)
            {
                misses.Add(new DuplicateMiss(i + 1, pair.Kind, pair.Duplicate, similarity.Jaccard, similarity.Containment));
            }
        }

        var precision = tp + fp == 0 ? 0 : (double)tp / (tp + fp);
        var recall = tp + fn == 0 ? 0 : (double)tp / (tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new DuplicateEvalResult(
            precision, recall, f1, pairs.Count, tp, fp, fn, tn,
            positives == 0 ? 0 : (double)positiveCandidates / positives,
            negatives == 0 ? 0 : (double)negativeCandidates / negatives,
            pairs.Count == 0 ? 0 : sketching.Elapsed.TotalMilliseconds / (2 * pairs.Count),
            misses);
    }

    public static string RenderText(DuplicateEvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Near-duplicates: {result.N} labeled pairs");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  precision {result.Precision:P1}  recall {result.Recall:P1}  F1 {result.F1:P1}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  tp {result.TruePositives}  fp {result.FalsePositives}  fn {result.FalseNegatives}  tn {result.TrueNegatives}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  LSH candidates: {result.CandidateRecall:P1} of duplicates, {result.NegativeCandidateRate:P1} of non-duplicates share a band");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  sketch: {result.MsPerText:F3} ms per text");
        foreach (var miss in result.Misses)
        {
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"  line {miss.Line} ({miss.Kind ?? "untagged"}): expected {(miss.Expected ? "duplicate" : "distinct")}, J {miss.Jaccard:F2}, containment {miss.Containment:F2}");
        }

        return sb.ToString();
    }

    /// <summary>One JSON object: <c>precision</c>, <c>recall</c>, <c>f1</c>, <c>n</c> and the counts behind them.</summary>
    public static string RenderJson(DuplicateEvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(new
        {
            precision = Math.Round(result.Precision, 4),
            recall = Math.Round(result.Recall, 4),
            f1 = Math.Round(result.F1, 4),
            n = result.N,
            true_positives = result.TruePositives,
            false_positives = result.FalsePositives,
            false_negatives = result.FalseNegatives,
            true_negatives = result.TrueNegatives,
            candidate_recall = Math.Round(result.CandidateRecall, 4),
            negative_candidate_rate = Math.Round(result.NegativeCandidateRate, 4),
            ms_per_text = Math.Round(result.MsPerText, 3),
        });
    }

    private sealed class PairLine
    {
        public string? A { get; set; }

        public string? B { get; set; }

        public bool? Duplicate { get; set; }

        public string? Kind { get; set; }
    }
}
