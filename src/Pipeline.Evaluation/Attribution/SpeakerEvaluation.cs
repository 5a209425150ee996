using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Attribution;
using Pipeline.Core.Classification.Entities;

namespace Pipeline.Evaluation.Attribution;

/// <summary>One annotated article: its text and every direct quote with who said it (null: nobody named).</summary>
public sealed record SpeakerItem(string Id, string Text, IReadOnlyList<AnnotatedQuote> Quotes);

/// <summary>A quote as it appears in the text (marks excluded) and the speaker's full name, or null.</summary>
public sealed record AnnotatedQuote(string Quote, string? Speaker);

/// <summary>A quote whose predicted speaker differs from the annotation.</summary>
public sealed record SpeakerMiss(string Item, string Quote, string? Expected, string? Predicted);

/// <summary>
/// Speaker attribution figures over an annotated set: precision = correct / quotes given a speaker, recall =
/// correct / quotes annotated with a speaker, <c>N</c> = annotated quotes.
/// </summary>
public sealed record SpeakerEvalResult(
    double Precision,
    double Recall,
    double F1,
    int N,
    int Articles,
    int Expected,
    int Attributed,
    int Correct,
    double MsPerArticle,
    IReadOnlyList<SpeakerMiss> Misses);

/// <summary>
/// <c>pipeline eval speakers</c>: segments each annotated text (with the segmenter the caller supplies), extracts
/// entities, attributes quotes and scores the speakers. Format and counting rules: docs/evaluation.md.
/// </summary>
public static class SpeakerEvaluation
{
    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Loads <paramref name="path"/> (JSONL) and evaluates it.</summary>
    /// <exception cref="EvaluationDataException">The file is missing or a line is not a valid item.</exception>
    public static SpeakerEvalResult Run(string path, Func<CleanedArticle, SegmentedArticle> segment) =>
        Evaluate(Load(path), segment);

    public static IReadOnlyList<SpeakerItem> Load(string path)
    {
        var items = new List<SpeakerItem>();
        foreach (var (line, number) in EvaluationFiles.Lines(path))
        {
            SpeakerLine? raw;
            try
            {
                raw = JsonSerializer.Deserialize<SpeakerLine>(line, ReadOptions);
            }
            catch (JsonException ex)
            {
                throw new EvaluationDataException($"{path}:{number}: not valid JSON ({ex.Message}).");
            }

            if (raw?.Text is null || raw.Quotes is null)
            {
                throw new EvaluationDataException($"{path}:{number}: expected {{\"text\": ..., \"quotes\": [{{\"quote\": ..., \"speaker\": ...}}]}}.");
            }

            var quotes = new List<AnnotatedQuote>();
            foreach (var q in raw.Quotes)
            {
                if (string.IsNullOrEmpty(q.Quote) || !raw.Text.Contains(q.Quote, StringComparison.Ordinal))
                {
                    throw new EvaluationDataException($"{path}:{number}: quote \"{Shorten(q.Quote ?? string.Empty)}\" does not occur in the text.");
                }

                quotes.Add(new AnnotatedQuote(q.Quote, string.IsNullOrWhiteSpace(q.Speaker) ? null : q.Speaker));
            }

            items.Add(new SpeakerItem(raw.Id ?? $"line{number}", raw.Text, quotes));
        }

        return items;
    }

    public static SpeakerEvalResult Evaluate(IEnumerable<SpeakerItem> items, Func<CleanedArticle, SegmentedArticle> segment)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(segment);
        int n = 0, articles = 0, expected = 0, attributed = 0, correct = 0;
        var misses = new List<SpeakerMiss>();
        var segmentedItems = new List<SegmentedArticle>();
        foreach (var item in items)
        {
            articles++;
            var segmented = segment(AsCleaned(item.Text));
            segmentedItems.Add(segmented);
            var entities = EntityExtractor.Extract(segmented);
            var result = SpeakerAttributor.Attribute(segmented, entities);

            var cursor = 0;
            foreach (var annotated in item.Quotes)
            {
                n++;
                var at = item.Text.IndexOf(annotated.Quote, cursor, StringComparison.Ordinal);
                if (at < 0)
                {
                    at = item.Text.IndexOf(annotated.Quote, StringComparison.Ordinal);
                }

                cursor = at + annotated.Quote.Length;
                var predicted = PredictedSpeaker(segmented, result, at, at + annotated.Quote.Length);
                if (annotated.Speaker is not null)
                {
                    expected++;
                }

                if (predicted is not null)
                {
                    attributed++;
                }

                var ok = annotated.Speaker is not null && predicted is not null
                    && Canonical(annotated.Speaker) == Canonical(predicted);
                if (ok)
                {
                    correct++;
                }
                else if (annotated.Speaker is not null || predicted is not null)
                {
                    misses.Add(new SpeakerMiss(item.Id, annotated.Quote, annotated.Speaker, predicted));
                }
            }
        }

        var precision = attributed == 0 ? 0 : (double)correct / attributed;
        var recall = expected == 0 ? 0 : (double)correct / expected;
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        return new SpeakerEvalResult(precision, recall, f1, n, articles, expected, attributed, correct, TimePerArticle(segmentedItems), misses);
    }

    /// <summary>
    /// Milliseconds per article for entities + attribution, after a warm-up pass (JIT, gazetteer load) and over at
    /// least 200 articles. Each run gets a fresh copy of the text so the shared token cache is not reused across runs.
    /// </summary>
    private static double TimePerArticle(List<SegmentedArticle> articles)
    {
        if (articles.Count == 0)
        {
            return 0;
        }

        var repeat = Math.Max(1, 200 / articles.Count);
        var copies = new List<SegmentedArticle>(articles.Count * repeat);
        for (var r = 0; r < repeat; r++)
        {
            copies.AddRange(articles.Select(a => a with { Cleaned = a.Cleaned with { Text = new string(a.Cleaned.Text.AsSpan()) } }));
        }

        var watch = Stopwatch.StartNew();
        foreach (var article in copies)
        {
            SpeakerAttributor.Attribute(article, EntityExtractor.Extract(article));
        }

        return watch.Elapsed.TotalMilliseconds / copies.Count;
    }


    /// <summary>Names compare case-insensitively without accents, dots, honorifics or extra spaces.</summary>
    public static string Canonical(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var decomposed = name.Replace('\u2019', '\'').Normalize(NormalizationForm.FormD);
        var sb = new StringBuilder(decomposed.Length);
        foreach (var c in decomposed)
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark || c == '.')
            {
                continue;
            }

            sb.Append(char.IsWhiteSpace(c) ? ' ' : char.ToLowerInvariant(c));
        }

        var words = sb.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        while (words.Count > 1 && words[0] is "mr" or "mrs" or "ms" or "dr" or "prof" or "sir")
        {
            words.RemoveAt(0);
        }

        return string.Join(' ', words);
    }

    public static string RenderText(SpeakerEvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Speaker attribution: {result.N} quotes in {result.Articles} articles");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  precision {result.Precision:P1}  ({result.Correct}/{result.Attributed} attributed quotes correct)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  recall    {result.Recall:P1}  ({result.Correct}/{result.Expected} annotated speakers found)");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  F1        {result.F1:P1}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  entities + attribution: {result.MsPerArticle:F3} ms per article (warm, segmentation excluded)");
        if (result.Misses.Count > 0)
        {
            sb.AppendLine("Misses (expected → predicted):");
            foreach (var miss in result.Misses.Take(30))
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  [{miss.Item}] {miss.Expected ?? "(nobody)"} → {miss.Predicted ?? "(none)"}: \"{Shorten(miss.Quote)}\"");
            }
        }

        return sb.ToString();
    }

    /// <summary>One JSON object: <c>precision</c>, <c>recall</c>, <c>f1</c>, <c>n</c> and the counts behind them.</summary>
    public static string RenderJson(SpeakerEvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        return JsonSerializer.Serialize(new
        {
            precision = Math.Round(result.Precision, 4),
            recall = Math.Round(result.Recall, 4),
            f1 = Math.Round(result.F1, 4),
            n = result.N,
            articles = result.Articles,
            expected = result.Expected,
            attributed = result.Attributed,
            correct = result.Correct,
            ms_per_article = Math.Round(result.MsPerArticle, 3),
        });
    }

    private static string? PredictedSpeaker(SegmentedArticle segmented, AttributionResult result, int start, int end)
    {
        var best = -1;
        var bestOverlap = 0;
        for (var q = 0; q < segmented.Quotes.Count; q++)
        {
            var overlap = Math.Min(end, segmented.Quotes[q].End) - Math.Max(start, segmented.Quotes[q].Start);
            if (overlap > bestOverlap)
            {
                best = q;
                bestOverlap = overlap;
            }
        }

        // A quote the segmenter did not find (or found less than half of) has no predicted speaker.
        if (best < 0 || bestOverlap * 2 < end - start)
        {
            return null;
        }

        var index = segmented.Quotes[best].Index;
        return result.Quotes.FirstOrDefault(a => a.Quote == index)?.Speaker;
    }

    /// <summary>Evaluation sets give text only: it is already cleaned, so it is wrapped as a cleaned article.</summary>
    private static CleanedArticle AsCleaned(string text) => new()
    {
        Text = text,
        Metadata = new ArticleMetadata(),
        Kind = SourceKind.Text,
        Encoding = "utf-8",
    };

    private static string Shorten(string s) => s.Length <= 60 ? s : string.Concat(s.AsSpan(0, 57), "...");

    private sealed class SpeakerLine
    {
        public string? Id { get; set; }

        public string? Text { get; set; }

        public List<QuoteLine>? Quotes { get; set; }
    }

    private sealed class QuoteLine
    {
        public string? Quote { get; set; }

        public string? Speaker { get; set; }
    }
}
