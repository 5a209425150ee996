using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AngleSharp.Dom;
using Pipeline.Core.Articles;
using Pipeline.Core.Decoding;

namespace Pipeline.Core.Cleaning;

/// <summary>
/// Reads an HTML page's metadata, most trusted source first: JSON-LD (Article types, also inside @graph), then
/// OpenGraph and article:* properties, then classic meta tags, then the visible page (&lt;time&gt;, bylines, &lt;title&gt;).
/// </summary>
internal static partial class HtmlMetadataReader
{
    private static readonly JsonDocumentOptions JsonOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    private static readonly HashSet<string> ArticleTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        "Article", "NewsArticle", "BlogPosting", "ReportageNewsArticle", "AnalysisNewsArticle", "OpinionNewsArticle",
        "BackgroundNewsArticle", "ReviewNewsArticle", "LiveBlogPosting", "TechArticle", "ScholarlyArticle", "Report",
        "SocialMediaPosting", "Blog", "WebPage", "AdvertiserContentArticle", "SatiricalArticle", "Posting",
    };

    /// <param name="document">The parsed page.</param>
    /// <param name="jsonLdBody">The structured data's text: an article's <c>articleBody</c>, else a HowTo's or Recipe's steps; null when neither.</param>
    public static ArticleMetadata Read(IDocument document, out string? jsonLdBody)
    {
        var ld = ReadJsonLd(document);
        jsonLdBody = ld.Body ?? ld.InstructionsBody;
        var meta = ReadMetaTags(document);

        string? First(params string[] keys)
        {
            foreach (var key in keys)
            {
                if (meta.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value))
                {
                    return value;
                }
            }

            return null;
        }

        var outlet = Clean(ld.Publisher) ?? Clean(First("og:site_name", "application-name", "twitter:site", "publisher", "dc.publisher"));
        var title = Clean(ld.Headline) ?? Clean(First("og:title", "twitter:title", "title", "dc.title", "headline", "sailthru.title"));
        var h1 = document.QuerySelector("h1");
        title ??= Clean(h1?.TextContent) ?? StripSiteSuffix(Clean(document.Title), outlet);

        var (authors, authorRoles) = ld.Authors.Count > 0 ? (ld.Authors, []) : AuthorsFromMeta(meta, document);
        var published = NormalizeDate(ld.Published)
            ?? NormalizeDate(First("article:published_time", "og:published_time", "datepublished", "date", "pubdate", "publishdate", "publish-date",
                "article.published", "dc.date.issued", "dc.date", "dcterms.date", "sailthru.date", "parsely-pub-date", "og:pubdate", "citation_publication_date", "article:published"))
            ?? NormalizeDate(document.QuerySelector("time[datetime]")?.GetAttribute("datetime"));
        var updated = NormalizeDate(ld.Modified)
            ?? NormalizeDate(First("article:modified_time", "og:updated_time", "datemodified", "last-modified", "dcterms.modified", "article.updated"));

        var canonical = document.QuerySelector("link[rel~='canonical']")?.GetAttribute("href");
        var url = Absolute(ld.Url) ?? Absolute(First("og:url")) ?? Absolute(canonical);
        var language = Clean(document.DocumentElement?.GetAttribute("lang")) ?? Clean(ld.Language) ?? Clean(First("og:locale", "content-language", "dc.language", "language"));
        var description = Clean(ld.Description) ?? Clean(First("og:description", "description", "twitter:description", "dc.description"));

        return new ArticleMetadata
        {
            Title = title,
            Authors = authors,
            AuthorRoles = authorRoles,
            Published = published,
            Updated = updated,
            Outlet = outlet is not null && outlet.StartsWith('@') ? outlet[1..] : outlet,
            Url = url,
            DeclaredLanguage = NormalizeLanguage(language),
            Description = description,
        };
    }

    private static Dictionary<string, string> ReadMetaTags(IDocument document)
    {
        var meta = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var element in document.QuerySelectorAll("meta[content]"))
        {
            var key = element.GetAttribute("property") ?? element.GetAttribute("name") ?? element.GetAttribute("itemprop") ?? element.GetAttribute("http-equiv");
            var content = element.GetAttribute("content");
            if (key is not null && !string.IsNullOrWhiteSpace(content))
            {
                meta.TryAdd(key.Trim(), content);
            }
        }

        return meta;
    }

    private static (IReadOnlyList<string> Names, IReadOnlyList<string> Roles) AuthorsFromMeta(Dictionary<string, string> meta, IDocument document)
    {
        foreach (var key in new[] { "author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "citation_author" })
        {
            if (meta.TryGetValue(key, out var value) && !value.Contains("://", StringComparison.Ordinal))
            {
                var byline = SplitByline(value);
                if (byline.Names.Count > 0)
                {
                    return byline;
                }
            }
        }

        var element = document.QuerySelector("[itemprop~='author'] [itemprop~='name'], [itemprop~='author'], [rel~='author'], .byline, .author-name, .author");
        var text = Clean(element?.TextContent);
        return text is not null && text.Length <= 120 ? SplitByline(text) : ([], []);
    }

    /// <summary>The names in a byline ("By Jane Doe, Labor Correspondent" → "Jane Doe"); its job titles are not authors.</summary>
    internal static IReadOnlyList<string> SplitAuthors(string value) => SplitByline(value).Names;

    /// <summary>A byline's names and, apart, the job titles written beside them ("Labor Correspondent", "Staff Writer").</summary>
    internal static (IReadOnlyList<string> Names, IReadOnlyList<string> Roles) SplitByline(string value)
    {
        var text = TextNormalizer.NormalizeInline(value);
        if (text.StartsWith("by ", StringComparison.OrdinalIgnoreCase))
        {
            text = text[3..];
        }

        var parts = text.Split([",", " and ", " & ", ";", "|"], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(n => n.Length is > 1 and <= 80)
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .ToList();
        return (parts.Where(p => !IsBylineRole(p)).ToList(), parts.Where(IsBylineRole).ToList());
    }

    private static bool IsBylineRole(string part) =>
        part.Split([' ', '-'], StringSplitOptions.RemoveEmptyEntries)
            .Any(w => BylineRoleWords.Contains(w.TrimEnd('.', ':')));

    // Words that make a byline part a job title rather than a name: "Labor Correspondent", "Staff Reports".
    private static readonly HashSet<string> BylineRoleWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "correspondent", "reporter", "reporters", "editor", "writer", "writers", "columnist", "contributor", "photographer",
        "staff", "reports", "producer", "critic", "analyst", "bureau", "desk", "intern", "freelance", "contributing", "senior",
    };

    private static JsonLd ReadJsonLd(IDocument document)
    {
        var result = new JsonLd();
        foreach (var script in document.QuerySelectorAll("script[type='application/ld+json']"))
        {
            try
            {
                // Article types first (NewsArticle, BlogPosting...); a WebPage or Blog node only fills what is left.
                using var json = JsonDocument.Parse(script.TextContent, JsonOptions);
                Visit(json.RootElement, result, 0, strictOnly: true);
                Visit(json.RootElement, result, 0, strictOnly: false);
            }
            catch (JsonException)
            {
                // Broken structured data is common and not the article's fault: the other sources still apply.
            }
        }

        return result;
    }

    private static void Visit(JsonElement element, JsonLd result, int depth, bool strictOnly)
    {
        if (depth > 8)
        {
            return;
        }

        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                Visit(item, result, depth + 1, strictOnly);
            }

            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        if (strictOnly ? IsStrictArticle(element) : IsArticle(element))
        {
            result.Headline ??= Str(element, "headline") ?? Str(element, "name");
            result.Published ??= Str(element, "datePublished") ?? Str(element, "dateCreated");
            result.Modified ??= Str(element, "dateModified");
            result.Description ??= Str(element, "description");
            result.Body ??= Str(element, "articleBody");
            result.Language ??= Str(element, "inLanguage");
            result.Url ??= Str(element, "url") ?? IdOf(element, "mainEntityOfPage");
            if (element.TryGetProperty("publisher", out var publisher))
            {
                result.Publisher ??= NameOf(publisher);
            }

            if (element.TryGetProperty("author", out var author) && result.Authors.Count == 0)
            {
                result.Authors = Names(author);
            }
        }

        // Instructions pages (how-to guides, recipes) are often rendered from their structured data alone; its steps
        // are then the page's text. Only a fallback: an article body found anywhere on the page wins.
        if (!strictOnly && Types(element).Any(t => t is "HowTo" or "Recipe"))
        {
            result.InstructionsBody ??= InstructionsBody(element);
        }

        if (element.TryGetProperty("@graph", out var graph))
        {
            Visit(graph, result, depth + 1, strictOnly);
        }

        if (element.TryGetProperty("mainEntity", out var main))
        {
            Visit(main, result, depth + 1, strictOnly);
        }
    }

    /// <summary>
    /// A HowTo's or Recipe's text as paragraphs: its description, a recipe's ingredients one per line, then every step
    /// (plain strings, HowToStep <c>text</c>, or the steps inside HowToSection and HowToDirection lists). Null when
    /// there are no steps.
    /// </summary>
    private static string? InstructionsBody(JsonElement element)
    {
        var lines = new List<string>();
        if (Str(element, "description") is { } description)
        {
            lines.AddRange(PlainLines(description));
        }

        if (element.TryGetProperty("recipeIngredient", out var ingredients) && ingredients.ValueKind == JsonValueKind.Array)
        {
            lines.AddRange(ingredients.EnumerateArray().Where(i => i.ValueKind == JsonValueKind.String).SelectMany(i => PlainLines(i.GetString()!)));
        }

        var steps = new List<string>();
        foreach (var property in (string[])["step", "recipeInstructions"])
        {
            if (element.TryGetProperty(property, out var value))
            {
                CollectSteps(value, steps, 0);
            }
        }

        if (steps.Count == 0)
        {
            return null;
        }

        lines.AddRange(steps);
        return string.Join('\n', lines);

        static void CollectSteps(JsonElement node, List<string> steps, int depth)
        {
            if (depth > 6)
            {
                return;
            }

            switch (node.ValueKind)
            {
                case JsonValueKind.String:
                    steps.AddRange(PlainLines(node.GetString()!));
                    break;
                case JsonValueKind.Array:
                    foreach (var item in node.EnumerateArray())
                    {
                        CollectSteps(item, steps, depth + 1);
                    }

                    break;
                case JsonValueKind.Object when node.TryGetProperty("itemListElement", out var inner):
                    CollectSteps(inner, steps, depth + 1);
                    break;
                case JsonValueKind.Object when Str(node, "text") is { } text:
                    steps.AddRange(PlainLines(text));
                    break;
            }
        }
    }

    /// <summary>Structured-data text may carry markup (<c>&lt;p&gt;</c>, <c>&lt;br&gt;</c>, entities): one line per paragraph, tags dropped.</summary>
    private static IEnumerable<string> PlainLines(string text)
    {
        var broken = BlockBreak().Replace(text, "\n");
        var plain = System.Net.WebUtility.HtmlDecode(AnyTag().Replace(broken, string.Empty));
        return plain.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    [GeneratedRegex(@"<br\s*/?>|</(?:p|div|li|h[1-6])>", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex BlockBreak();

    [GeneratedRegex(@"<[^>]{0,2000}>", RegexOptions.CultureInvariant)]
    private static partial Regex AnyTag();

    private static bool IsArticle(JsonElement element) => Types(element).Any(ArticleTypes.Contains);

    private static bool IsStrictArticle(JsonElement element) => Types(element).Any(t => t.EndsWith("Article", StringComparison.OrdinalIgnoreCase) || t is "BlogPosting" or "LiveBlogPosting" or "Report");

    private static IEnumerable<string> Types(JsonElement element)
    {
        if (!element.TryGetProperty("@type", out var type))
        {
            yield break;
        }

        if (type.ValueKind == JsonValueKind.String)
        {
            yield return type.GetString()!;
        }
        else if (type.ValueKind == JsonValueKind.Array)
        {
            foreach (var t in type.EnumerateArray())
            {
                if (t.ValueKind == JsonValueKind.String)
                {
                    yield return t.GetString()!;
                }
            }
        }
    }

    private static string? Str(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Array when value.GetArrayLength() > 0 && value[0].ValueKind == JsonValueKind.String => value[0].GetString(),
            _ => null,
        } : null;

    private static string? IdOf(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : value.ValueKind == JsonValueKind.Object ? Str(value, "@id") ?? Str(value, "url") : null
            : null;

    private static string? NameOf(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString(),
        JsonValueKind.Object => Str(element, "name"),
        JsonValueKind.Array when element.GetArrayLength() > 0 => NameOf(element[0]),
        _ => null,
    };

    private static List<string> Names(JsonElement element)
    {
        var names = new List<string>();
        if (element.ValueKind == JsonValueKind.Array)
        {
            foreach (var item in element.EnumerateArray())
            {
                names.AddRange(Names(item));
            }
        }
        else if (NameOf(element) is { } name && !name.Contains("://", StringComparison.Ordinal))
        {
            names.AddRange(SplitAuthors(name));
        }

        return names.Distinct(StringComparer.OrdinalIgnoreCase).ToList();
    }

    private static string? Clean(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = TextNormalizer.NormalizeInline(System.Net.WebUtility.HtmlDecode(value));
        return text.Length == 0 ? null : text;
    }

    private static string? StripSiteSuffix(string? title, string? outlet)
    {
        if (title is null)
        {
            return null;
        }

        foreach (var separator in new[] { " | ", " - ", " – ", " — ", " :: " })
        {
            var index = title.LastIndexOf(separator, StringComparison.Ordinal);
            if (index > 15 && (outlet is null || title[(index + separator.Length)..].Contains(outlet, StringComparison.OrdinalIgnoreCase) || title.Length - index < 30))
            {
                return title[..index];
            }
        }

        return title;
    }

    private static string? Absolute(string? url) =>
        url is not null && Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.ToString() : null;

    /// <summary>ISO 8601: date and time with offset when the source has a time, the date alone otherwise; null when unparseable.</summary>
    internal static string? NormalizeDate(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        var text = value.Trim();
        if (DateOnly.TryParseExact(text, ["yyyy-MM-dd", "yyyy/MM/dd", "yyyyMMdd"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces | DateTimeStyles.AssumeUniversal, out var moment))
        {
            var hasTime = text.Contains(':', StringComparison.Ordinal);
            return hasTime
                ? moment.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture)
                : moment.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        }

        return null;
    }

    private static string? NormalizeLanguage(string? value)
    {
        if (value is null)
        {
            return null;
        }

        var tag = value.Trim().Replace('_', '-');
        var parts = tag.Split('-', 2);
        if (parts[0].Length is < 2 or > 3 || !parts[0].All(char.IsAsciiLetter))
        {
            return null;
        }

        return parts.Length == 1 ? parts[0].ToLowerInvariant() : parts[0].ToLowerInvariant() + "-" + parts[1].ToUpperInvariant();
    }

    private sealed class JsonLd
    {
        public string? Headline { get; set; }

        public string? Published { get; set; }

        public string? Modified { get; set; }

        public string? Description { get; set; }

        public string? Body { get; set; }

        /// <summary>The steps of a HowTo or Recipe node: the body when no article body is given.</summary>
        public string? InstructionsBody { get; set; }

        public string? Language { get; set; }

        public string? Url { get; set; }

        public string? Publisher { get; set; }

        public List<string> Authors { get; set; } = [];
    }
}
