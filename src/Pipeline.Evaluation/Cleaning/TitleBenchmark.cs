using System.IO.Compression;
using System.Text;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Pipeline.Core.Articles;
using Pipeline.Core.Cleaning;

namespace Pipeline.Evaluation.Cleaning;

/// <summary>Where a sampled page's true title is read from in its own HTML.</summary>
public enum TitleTruthSource
{
    /// <summary>The first non-empty <c>&lt;h1&gt;</c>: the headline as the page shows it.</summary>
    H1,

    /// <summary>The <c>og:title</c> meta tag, for pages whose <c>&lt;h1&gt;</c> is a logo or a section name.</summary>
    OpenGraph,

    /// <summary>The <c>&lt;title&gt;</c> element.</summary>
    Title,
}

/// <summary>One checked page of a title sample: its id, where its truth comes from, and whether a trailing " - Site" is cut.</summary>
public sealed record TitleSampleEntry(string Id, TitleTruthSource Source, bool DropSuffix, string? Note);

/// <summary>One page's outcome.</summary>
public sealed record TitlePageResult(string Id, string Truth, string? Predicted, bool Exact);

/// <summary>What <c>pipeline bench titles</c> reports.</summary>
public sealed record TitleBenchReport(int Pages, int Exact, double Accuracy, IReadOnlyList<TitlePageResult> PageResults)
{
    /// <summary>Pages whose predicted title is empty.</summary>
    public int Missing => PageResults.Count(p => p.Predicted is null);
}

/// <summary>
/// Scores the titles the text-dump cleaner finds on AEB's whole-page dumps. AEB has no title truth, so the truth is
/// read at run time from each sampled page's own HTML (its <c>&lt;h1&gt;</c>, or the source the sample file names
/// after a check by eye): the sample file lists ids and sources, never benchmark text.
/// </summary>
public static class TitleBenchmark
{
    /// <summary>Reads a sample file: <c>{"pages": [{"id", "truth": "h1|og:title|title", "dropSuffix"?, "note"?}]}</c>.</summary>
    public static IReadOnlyList<TitleSampleEntry> LoadSample(string path)
    {
        if (!File.Exists(path))
        {
            throw new BenchDataException($"The sample file '{path}' does not exist.");
        }

        using var stream = File.OpenRead(path);
        using var json = JsonDocument.Parse(stream);
        if (!json.RootElement.TryGetProperty("pages", out var pages) || pages.ValueKind != JsonValueKind.Array)
        {
            throw new BenchDataException($"'{path}' has no \"pages\" array.");
        }

        var entries = new List<TitleSampleEntry>();
        foreach (var page in pages.EnumerateArray())
        {
            var id = page.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
            var truth = page.TryGetProperty("truth", out var truthElement) ? truthElement.GetString() : "h1";
            if (string.IsNullOrWhiteSpace(id))
            {
                throw new BenchDataException($"An entry of '{path}' has no id.");
            }

            var source = truth switch
            {
                "h1" => TitleTruthSource.H1,
                "og:title" => TitleTruthSource.OpenGraph,
                "title" => TitleTruthSource.Title,
                _ => throw new BenchDataException($"Entry '{id}' of '{path}': truth must be h1, og:title or title, not '{truth}'."),
            };
            var dropSuffix = page.TryGetProperty("dropSuffix", out var drop) && drop.ValueKind == JsonValueKind.True;
            var note = page.TryGetProperty("note", out var noteElement) ? noteElement.GetString() : null;
            entries.Add(new TitleSampleEntry(id, source, dropSuffix, note));
        }

        return entries;
    }

    public static TitleBenchReport Run(string aebFolder, IReadOnlyList<TitleSampleEntry> sample, CleaningOptions options)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var results = new List<TitlePageResult>();
        foreach (var entry in sample)
        {
            var htmlPath = Path.Combine(aebFolder, "html-gz", entry.Id + ".html.gz");
            var dumpPath = Path.Combine(aebFolder, "text-dumps", entry.Id + ".txt");
            if (!File.Exists(htmlPath) || !File.Exists(dumpPath))
            {
                throw new BenchDataException($"Page '{entry.Id}' is not in '{aebFolder}' (html-gz/ and text-dumps/ both needed).");
            }

            var truth = TruthFromHtml(Encoding.UTF8.GetString(Gunzip(htmlPath)), entry.Source, entry.DropSuffix)
                ?? throw new BenchDataException($"Page '{entry.Id}' has no {entry.Source} to read a title from: fix its entry in the sample.");
            var outcome = ArticleCleaner.Clean(new SourceDocument(entry.Id + ".txt", File.ReadAllBytes(dumpPath)), options);
            var predicted = outcome.Value?.Metadata.Title;
            results.Add(new TitlePageResult(entry.Id, truth, predicted, predicted is not null && Comparable(predicted) == Comparable(truth)));
        }

        var exact = results.Count(r => r.Exact);
        return new TitleBenchReport(results.Count, exact, results.Count == 0 ? 0 : exact / (double)results.Count, results);
    }

    /// <summary>The page's title from the named source, white space collapsed; null when the page lacks that source.</summary>
    public static string? TruthFromHtml(string html, TitleTruthSource source, bool dropSuffix)
    {
        var document = new HtmlParser().ParseDocument(html);
        var raw = source switch
        {
            TitleTruthSource.H1 => document.QuerySelectorAll("h1").Select(h => Collapse(h.TextContent)).FirstOrDefault(t => t.Length > 0),
            TitleTruthSource.OpenGraph => document.QuerySelector("meta[property='og:title']")?.GetAttribute("content"),
            _ => document.Title,
        };
        if (raw is null || Collapse(raw) is not { Length: > 0 } title)
        {
            return null;
        }

        return dropSuffix ? DropSuffix(title) : title;
    }

    /// <summary>Cuts the last " | Site" (or " - ", " – ", " — ") segment.</summary>
    internal static string DropSuffix(string title)
    {
        var cut = -1;
        foreach (var separator in new[] { " | ", " - ", " – ", " — " })
        {
            cut = Math.Max(cut, title.LastIndexOf(separator, StringComparison.Ordinal));
        }

        return cut > 0 ? title[..cut].TrimEnd() : title;
    }

    /// <summary>
    /// Exact means equal after white space is collapsed and typographic quotes are folded to straight ones: a dump
    /// and its page may spell the same quote mark differently; case, words and punctuation must all agree.
    /// </summary>
    internal static string Comparable(string title)
    {
        var builder = new StringBuilder(title.Length);
        foreach (var c in Collapse(title))
        {
            builder.Append(c switch
            {
                '‘' or '’' or '‚' or '‛' or '′' => '\'',
                '“' or '”' or '„' or '″' => '"',
                _ => c,
            });
        }

        return builder.ToString();
    }

    private static string Collapse(string text) => string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Gunzip(string path)
    {
        using var file = File.OpenRead(path);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var memory = new MemoryStream();
        gzip.CopyTo(memory);
        return memory.ToArray();
    }
}
