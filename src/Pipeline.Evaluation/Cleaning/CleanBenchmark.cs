using System.Diagnostics;
using System.IO.Compression;
using System.Text.Json;
using Pipeline.Core.Articles;
using Pipeline.Core.Cleaning;

namespace Pipeline.Evaluation.Cleaning;

/// <summary>What <c>pipeline bench clean</c> reports.</summary>
public sealed record CleanBenchReport(
    double F1,
    double Precision,
    double Recall,
    double Accuracy,
    int Pages,
    double MsPerPageMedian,
    double MsPerPageP95,
    string Format,
    IReadOnlyList<CleanPageResult> PageResults);

/// <summary>One page's outcome, kept so the worst pages can be listed.</summary>
public sealed record CleanPageResult(string Id, double Precision, double Recall, double Milliseconds, string? Rejection);

/// <summary>Which input of an AEB folder to score.</summary>
public enum CleanBenchInput
{
    Html,
    Text,
}

/// <summary>A benchmark folder that is not one of the recognised formats, or is incomplete.</summary>
public sealed class BenchDataException(string message) : Exception(message);

/// <summary>
/// Runs the clean stage over a benchmark folder: the AEB format (<c>ground-truth.json</c> + <c>html-gz/</c> +
/// <c>text-dumps/</c>) or the snippet format (<c>evaldata.json</c> + HTML files). Only the clean call is timed; with a
/// repeat count above 1 each page is cleaned that many times and its fastest time is kept (warm code, and the least
/// disturbed by whatever else runs on the machine), while the score comes from the first run.
/// </summary>
public static class CleanBenchmark
{
    private const int WarmUpPages = 10;

    public static CleanBenchReport Run(string folder, CleanBenchInput input, CleaningOptions options, int repeat = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(repeat, 1);
        if (!Directory.Exists(folder))
        {
            throw new BenchDataException($"The folder '{folder}' does not exist.");
        }

        if (File.Exists(Path.Combine(folder, "ground-truth.json")))
        {
            return RunAeb(folder, input, options, repeat);
        }

        if (File.Exists(Path.Combine(folder, "evaldata.json")))
        {
            return RunSnippets(folder, options, repeat);
        }

        throw new BenchDataException($"'{folder}' holds neither ground-truth.json (AEB format) nor evaldata.json (snippet format).");
    }

    private static CleanBenchReport RunAeb(string folder, CleanBenchInput input, CleaningOptions options, int repeat)
    {
        using var truthStream = File.OpenRead(Path.Combine(folder, "ground-truth.json"));
        using var truthJson = JsonDocument.Parse(truthStream);
        var documents = new List<(string Id, SourceDocument Document, string Truth)>();
        foreach (var page in truthJson.RootElement.EnumerateObject())
        {
            var truth = page.Value.GetProperty("articleBody").GetString() ?? string.Empty;
            var path = input == CleanBenchInput.Html
                ? Path.Combine(folder, "html-gz", page.Name + ".html.gz")
                : Path.Combine(folder, "text-dumps", page.Name + ".txt");
            if (!File.Exists(path))
            {
                throw new BenchDataException($"'{path}' is missing: the AEB folder is incomplete.");
            }

            var bytes = input == CleanBenchInput.Html ? Gunzip(path) : File.ReadAllBytes(path);
            var name = input == CleanBenchInput.Html ? page.Name + ".html" : page.Name + ".txt";
            documents.Add((page.Name, new SourceDocument(name, bytes), truth));
        }

        documents.Sort((a, b) => string.CompareOrdinal(a.Id, b.Id));
        WarmUp(documents.Select(d => d.Document), options);

        var scores = new List<(ShingleScore, bool)>();
        var results = new List<CleanPageResult>();
        var times = new List<double>();
        foreach (var (id, document, truth) in documents)
        {
            var (outcome, ms) = TimedClean(document, options, repeat);
            var prediction = outcome.Value?.Text ?? string.Empty;
            var score = AebMetric.Score(truth, prediction);
            scores.Add((score, AebMetric.TokensEqual(truth, prediction)));
            times.Add(ms);
            results.Add(new CleanPageResult(id, score.Precision, score.Recall, ms, outcome.Rejection?.Code));
        }

        var summary = AebMetric.Summarize(scores);
        return new CleanBenchReport(summary.F1, summary.Precision, summary.Recall, summary.Accuracy, summary.Pages,
            Percentiles.Of(times, 0.5), Percentiles.Of(times, 0.95), input == CleanBenchInput.Html ? "aeb-html" : "aeb-text", results);
    }

    private static CleanBenchReport RunSnippets(string folder, CleaningOptions options, int repeat)
    {
        using var stream = File.OpenRead(Path.Combine(folder, "evaldata.json"));
        using var json = JsonDocument.Parse(stream);
        var pages = new List<(string Id, SourceDocument Document, string[] With, string[] Without)>();
        foreach (var page in json.RootElement.EnumerateObject())
        {
            var file = page.Value.GetProperty("file").GetString()
                ?? throw new BenchDataException($"Entry '{page.Name}' in evaldata.json has no file name.");
            var path = Path.Combine(folder, file);
            if (!File.Exists(path))
            {
                throw new BenchDataException($"'{path}' (named in evaldata.json) is missing.");
            }

            var bytes = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? Gunzip(path) : File.ReadAllBytes(path);
            var name = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? file[..^3] : file;
            if (!name.EndsWith(".html", StringComparison.OrdinalIgnoreCase) && !name.EndsWith(".htm", StringComparison.OrdinalIgnoreCase))
            {
                name += ".html";
            }

            pages.Add((page.Name, new SourceDocument(name, bytes), Strings(page.Value, "with"), Strings(page.Value, "without")));
        }

        WarmUp(pages.Select(p => p.Document), options);
        long tp = 0, fp = 0, fn = 0;
        var correctPages = 0;
        var times = new List<double>();
        var results = new List<CleanPageResult>();
        foreach (var (id, document, with, without) in pages)
        {
            var (outcome, ms) = TimedClean(document, options, repeat);
            times.Add(ms);
            var text = SnippetText(outcome.Value?.Text ?? string.Empty);
            long pageTp = 0, pageFp = 0, pageFn = 0;
            foreach (var snippet in with)
            {
                if (text.Contains(SnippetText(snippet), StringComparison.Ordinal))
                {
                    pageTp++;
                }
                else
                {
                    pageFn++;
                }
            }

            foreach (var snippet in without)
            {
                if (text.Contains(SnippetText(snippet), StringComparison.Ordinal))
                {
                    pageFp++;
                }
            }

            tp += pageTp;
            fp += pageFp;
            fn += pageFn;
            correctPages += pageFp == 0 && pageFn == 0 ? 1 : 0;
            results.Add(new CleanPageResult(id,
                pageTp + pageFp == 0 ? 1 : pageTp / (double)(pageTp + pageFp),
                pageTp + pageFn == 0 ? 1 : pageTp / (double)(pageTp + pageFn),
                ms, outcome.Rejection?.Code));
        }

        var precision = tp + fp == 0 ? 0 : tp / (double)(tp + fp);
        var recall = tp + fn == 0 ? 0 : tp / (double)(tp + fn);
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var accuracy = pages.Count == 0 ? 0 : correctPages / (double)pages.Count;
        return new CleanBenchReport(f1, precision, recall, accuracy, pages.Count, Percentiles.Of(times, 0.5), Percentiles.Of(times, 0.95), "snippets", results);
    }

    /// <summary>Snippets are compared with white space collapsed: the cleaner may re-flow lines.</summary>
    private static string SnippetText(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string[] Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().Select(e => e.GetString() ?? string.Empty).Where(s => s.Length > 0).ToArray()
            : [];

    private static void WarmUp(IEnumerable<SourceDocument> documents, CleaningOptions options)
    {
        foreach (var document in documents.Take(WarmUpPages))
        {
            ArticleCleaner.Clean(document, options);
        }
    }

    /// <summary>The first run's outcome (cleaning is deterministic) and the fastest of <paramref name="repeat"/> runs' times.</summary>
    private static (StageOutcome<CleanedArticle> Outcome, double Milliseconds) TimedClean(SourceDocument document, CleaningOptions options, int repeat)
    {
        var start = Stopwatch.GetTimestamp();
        var first = ArticleCleaner.Clean(document, options);
        var fastest = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        for (var run = 1; run < repeat; run++)
        {
            start = Stopwatch.GetTimestamp();
            ArticleCleaner.Clean(document, options);
            fastest = Math.Min(fastest, Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }

        return (first, fastest);
    }

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
