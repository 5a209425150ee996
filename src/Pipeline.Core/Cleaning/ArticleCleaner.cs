using Pipeline.Core.Articles;
using Pipeline.Core.Decoding;

namespace Pipeline.Core.Cleaning;

/// <summary>
/// The clean stage: bytes in, the article's main text and metadata out, with every cut block and its reason.
/// Pure and deterministic; cleaning its own output again (as a .txt) gives the same text.
/// </summary>
public static class ArticleCleaner
{
    /// <summary>
    /// Decodes <paramref name="document"/>, decides its kind (extension, else content) and extracts the article.
    /// </summary>
    /// <returns>
    /// The cleaned article, or a rejection: <c>empty</c>, <c>binary</c>, <c>undecodable</c>, <c>invalid-json</c>
    /// (a .json that is not a crawler record; the sentence names the missing field) or <c>no-text</c>.
    /// </returns>
    /// <exception cref="OperationCanceledException">
    /// <paramref name="cancellationToken"/> (the host's time budget for the stage) fired; hosts record <c>too-complex</c>.
    /// </exception>
    public static StageOutcome<CleanedArticle> Clean(SourceDocument document, CleaningOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = document.Content.Span;
        var inspection = ContentInspector.Inspect(bytes[..Math.Min(bytes.Length, ContentInspector.RecommendedHeadLength)], bytes.Length);
        return inspection is not null
            ? StageOutcome<CleanedArticle>.Reject(inspection.Code, inspection.Reason)
            : CleanInspected(document, options, cancellationToken);
    }

    /// <summary>
    /// <see cref="Clean"/> without looking at the head again, for a document the inspect step
    /// (<see cref="ArticleStages.InspectContent"/>) has accepted already.
    /// </summary>
    public static StageOutcome<CleanedArticle> CleanInspected(SourceDocument document, CleaningOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        var bytes = document.Content.Span;
        var declaredKind = KindFromName(document.Name);
        var decoded = TextDecoder.Decode(bytes, lookForHtmlCharset: declaredKind is null or SourceKind.Html);
        if (decoded is null)
        {
            return StageOutcome<CleanedArticle>.Reject("undecodable", "The bytes are not valid text in UTF-8 or any legacy encoding we tried (Windows-1252, Windows-1251, ISO-8859-2).");
        }

        cancellationToken.ThrowIfCancellationRequested();
        var text = MojibakeRepair.Repair(decoded.Text);
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(text) || text.All(c => TextNormalizer.IsSpace(c) || TextNormalizer.IsInvisible(c)))
        {
            return StageOutcome<CleanedArticle>.Reject("empty", "The file holds only white space.");
        }

        var kind = declaredKind ?? Sniff(text);
        return kind switch
        {
            SourceKind.Json => CleanRecord(text, decoded.EncodingName, options, cancellationToken),
            SourceKind.Html => FinishHtml(HtmlArticleExtractor.Extract(text, options, cancellationToken), null, SourceKind.Html, decoded.EncodingName, options),
            _ => Finish(TextDumpCleaner.Clean(text, options, cancellationToken: cancellationToken) is var t ? (t.Paragraphs, t.Removed, t.Metadata) : default, SourceKind.Text, decoded.EncodingName),
        };
    }

    private static StageOutcome<CleanedArticle> CleanRecord(string json, string encoding, CleaningOptions options, CancellationToken cancellationToken)
    {
        var (record, problem) = CrawlerRecord.Parse(json);
        if (record is null)
        {
            return StageOutcome<CleanedArticle>.Reject("invalid-json", problem!);
        }

        var fromRecord = new ArticleMetadata
        {
            Title = TextNormalizer.NormalizeInline(record.Title),
            Url = record.Url.Trim(),
            Published = HtmlMetadataReader.NormalizeDate(record.Published),
            Outlet = record.Source is null ? null : TextNormalizer.NormalizeInline(record.Source),
        };

        if (record.Html is not null)
        {
            var html = HtmlArticleExtractor.Extract(MojibakeRepair.Repair(record.Html), options, cancellationToken);
            // The record is what the crawler vouches for; the page's own tags only fill the gaps.
            var merged = html.Metadata with
            {
                Title = fromRecord.Title ?? html.Metadata.Title,
                Url = fromRecord.Url ?? html.Metadata.Url,
                Published = fromRecord.Published ?? html.Metadata.Published,
                Outlet = fromRecord.Outlet ?? html.Metadata.Outlet,
            };
            return FinishHtml(html, merged, SourceKind.Json, encoding, options);
        }

        var text = TextDumpCleaner.Clean(MojibakeRepair.Repair(record.Text!), options, fromRecord, cancellationToken);
        return Finish((text.Paragraphs, text.Removed, text.Metadata), SourceKind.Json, encoding);
    }

    /// <summary>
    /// HTML output goes through the text classifier's fixed point as well: the promise is that cleaning our own
    /// output as .txt changes nothing, and the text classifier is what a .txt meets.
    /// </summary>
    private static StageOutcome<CleanedArticle> FinishHtml(HtmlExtraction html, ArticleMetadata? metadata, SourceKind kind, string encoding, CleaningOptions options)
    {
        var removed = html.Removed.ToList();
        var paragraphs = TextDumpCleaner.RemoveEvident(html.Paragraphs, options, removed);
        return Finish((paragraphs, removed, metadata ?? html.Metadata), kind, encoding);
    }

    private static StageOutcome<CleanedArticle> Finish((IReadOnlyList<string> Paragraphs, IReadOnlyList<RemovedBlock> Removed, ArticleMetadata Metadata) result, SourceKind kind, string encoding)
    {
        var text = ParagraphJoiner.Join(result.Paragraphs);
        if (text.Length == 0)
        {
            return StageOutcome<CleanedArticle>.Reject("no-text", $"Nothing article-like is left after cleaning ({result.Removed.Count} blocks were removed as page furniture).");
        }

        return new CleanedArticle
        {
            Text = text,
            Metadata = result.Metadata,
            Removed = result.Removed,
            Kind = kind,
            Encoding = encoding,
        };
    }

    internal static SourceKind? KindFromName(string name)
    {
        var extension = Path.GetExtension(name).ToLowerInvariant();
        return extension switch
        {
            ".html" or ".htm" or ".xhtml" or ".shtml" => SourceKind.Html,
            ".txt" or ".text" => SourceKind.Text,
            ".json" => SourceKind.Json,
            _ => null,
        };
    }

    internal static SourceKind Sniff(string text)
    {
        var head = text.AsSpan(0, Math.Min(text.Length, 4096)).TrimStart();
        if (head.StartsWith("{") && CrawlerRecord.Parse(text).Record is not null)
        {
            return SourceKind.Json;
        }

        if (head.StartsWith("<!doctype html", StringComparison.OrdinalIgnoreCase) || head.StartsWith("<html", StringComparison.OrdinalIgnoreCase)
            || head.Contains("<body", StringComparison.OrdinalIgnoreCase) || head.Contains("<head", StringComparison.OrdinalIgnoreCase))
        {
            return SourceKind.Html;
        }

        // Text that is mostly markup is HTML even without the usual skeleton (a fragment saved from a page).
        var tags = 0;
        foreach (var marker in new[] { "<p>", "<p ", "<div", "</p>", "<br", "<a href", "<span" })
        {
            tags += Occurrences(head, marker);
        }

        return tags >= 3 ? SourceKind.Html : SourceKind.Text;
    }

    private static int Occurrences(ReadOnlySpan<char> text, string marker)
    {
        var count = 0;
        int index;
        while ((index = text.IndexOf(marker, StringComparison.OrdinalIgnoreCase)) >= 0)
        {
            count++;
            text = text[(index + marker.Length)..];
        }

        return count;
    }
}
