using System.Text;
using Pipeline.Evaluation.Segmentation;

namespace Pipeline.Evaluation.Hostile;

/// <summary>One generated file: its name (the extension picks the kind the pipeline reads it as) and its bytes.</summary>
public sealed record HostileFile(string Kind, string Name, string Description, byte[] Content);

/// <summary>One kind of hostile structure and the element count a full-size file of that kind holds.</summary>
/// <param name="Name">Stable name, used on the command line and in test names.</param>
/// <param name="DefaultCount">The count of the full-size file: chosen so the file stays under the 10 MiB ingest limit
/// and the structure is large enough that work quadratic in it takes minutes.</param>
/// <param name="Unit">What the count counts, for the benchmark table.</param>
public sealed record HostileKind(string Name, int DefaultCount, string Unit);

/// <summary>
/// Files a hostile or broken crawler could drop, built here rather than stored: deep nesting, unclosed inline tags,
/// huge attributes and comments, millions of entities, deep JSON, one 4 MB line, unbalanced quotes, zero-width and bidi
/// characters, plus an ordinary 2 MB article to compare against. Every file holds some real prose, so the stages after
/// cleaning have work to do too. Deterministic: the same kind and count give the same bytes.
/// </summary>
public static class HostileFiles
{
    public static IReadOnlyList<HostileKind> Kinds { get; } =
    [
        new("nested-div", 200_000, "nested <div>"),
        new("nested-div-text", 60_000, "nested <div> each with a sentence"),
        new("unclosed-inline", 150_000, "<span><b><i> never closed"),
        new("unclosed-links", 150_000, "<a> never closed"),
        new("nested-table", 30_000, "nested <table><tr><td>"),
        new("huge-attribute", 4_000_000, "attribute characters"),
        new("huge-comment", 4_000_000, "comment characters"),
        new("many-comments", 300_000, "comments"),
        new("many-entities", 1_000_000, "character references"),
        new("deep-json", 1_000_000, "nested JSON arrays"),
        new("deep-json-ld", 400_000, "nested JSON-LD objects"),
        new("long-line", 4_000_000, "characters on one line"),
        new("many-short-lines", 400_000, "short lines of a text dump"),
        new("unbalanced-quotes", 200_000, "opening quotes"),
        new("zero-width-bidi", 1_000_000, "invisible characters"),
        new("ordinary", 2_000_000, "bytes of ordinary article"),
    ];

    /// <summary>Builds a file of <paramref name="kind"/> holding <paramref name="count"/> of its unit (the kind's default when null).</summary>
    public static HostileFile Generate(string kind, int? count = null)
    {
        var known = Kinds.FirstOrDefault(k => k.Name == kind) ?? throw new ArgumentException($"Unknown hostile kind '{kind}'. Known: {string.Join(", ", Kinds.Select(k => k.Name))}.", nameof(kind));
        var n = count ?? known.DefaultCount;
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n, nameof(count));
        var (extension, text) = kind switch
        {
            "nested-div" => ("html", Page(Repeat("<div>", n) + Prose(3) + Repeat("</div>", n))),
            "nested-div-text" => ("html", Page(Repeat("<div>The council met again on Tuesday, and the vote was close. ", n) + Repeat("</div>", n))),
            "unclosed-inline" => ("html", Page(Prose(3) + Repeat("<span><b><i>word ", n))),
            "unclosed-links" => ("html", Page(Prose(3) + Repeat("<a href=\"/x\">link ", n))),
            "nested-table" => ("html", Page(Repeat("<table><tr><td>", n) + Prose(3) + Repeat("</td></tr></table>", n))),
            "huge-attribute" => ("html", Page(
                $"<div class=\"{Cycle("story content comment share related ", n / 2)}\" data-blob=\"{Cycle("x", n / 2)}\">" + Prose(3) + "</div>")),
            "huge-comment" => ("html", Page($"<!--{Cycle("-- <p>not text</p> ", n)}-->" + Prose(3))),
            "many-comments" => ("html", Page("<p>" + Repeat("<!-- c -->w ", n) + "</p>" + Prose(3))),
            "many-entities" => ("html", Page("<p>" + Repeat("&amp;&#x2014;&eacute;&#233;&nbsp;&lt; ", n / 6) + "</p>" + Prose(3))),
            "deep-json" => ("json", "{\"url\": \"https://example.org/a\", \"title\": \"Deep\", \"text\": " + Quote(Prose(3, separator: "\n\n")) + ", \"extra\": "
                + Repeat("[", n) + Repeat("]", n) + "}"),
            "deep-json-ld" => ("html", Page(Prose(3), head: "<script type=\"application/ld+json\">" + Repeat("{\"@graph\":", n) + "{}" + Repeat("}", n) + "</script>")),
            "long-line" => ("txt", LongLine(n)),
            "many-short-lines" => ("txt", NewsProse.Paragraphs[0] + "\n" + Repeat("Menu item\n", n) + NewsProse.Paragraphs[1] + "\n"),
            "unbalanced-quotes" => ("txt", Repeat("\u201CThe council said the plan would go ahead. She said ", n / 10) + "\n\n" + Repeat("\"It will. ", n - (n / 10))),
            "zero-width-bidi" => ("html", Page("<p>" + Invisible(n) + "</p>" + Prose(3))),
            "ordinary" => ("html", Ordinary(n)),
            _ => throw new ArgumentException($"No generator for '{kind}'.", nameof(kind)),
        };

        var bytes = Encoding.UTF8.GetBytes(text);
        return new HostileFile(kind, $"hostile-{kind}.{extension}", $"{n:N0} {known.Unit}", bytes);
    }

    private static string Page(string body, string head = "") =>
        $"<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Hostile page</title>{head}</head><body>{body}</body></html>";

    private static string Prose(int paragraphs, string separator = "") =>
        string.Join(separator, NewsProse.Paragraphs.Take(paragraphs).Select(p => separator.Length == 0 ? $"<p>{System.Net.WebUtility.HtmlEncode(p)}</p>" : p));

    private static string Repeat(string unit, int count)
    {
        var builder = new StringBuilder(unit.Length * count);
        for (var i = 0; i < count; i++)
        {
            builder.Append(unit);
        }

        return builder.ToString();
    }

    /// <summary><paramref name="pattern"/> repeated, cut at <paramref name="length"/> characters.</summary>
    private static string Cycle(string pattern, int length)
    {
        var builder = new StringBuilder(length + pattern.Length);
        while (builder.Length < length)
        {
            builder.Append(pattern);
        }

        builder.Length = length;
        return builder.ToString();
    }

    private static string Quote(string text) => System.Text.Json.JsonSerializer.Serialize(text);

    /// <summary>Sentences without a single line break: a dump of a page whose text was flattened to one line.</summary>
    private static string LongLine(int length)
    {
        var builder = new StringBuilder(length + 1000);
        var i = 0;
        while (builder.Length < length)
        {
            builder.Append(NewsProse.Paragraphs[i++ % NewsProse.Paragraphs.Count]).Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>Words with zero-width spaces, joiners, direction marks, embeddings and isolates between every letter.</summary>
    private static string Invisible(int count)
    {
        const string invisibles = "\u200B\u200C\u200D\u200E\u200F\u202A\u202B\u202C\u202D\u202E\u2066\u2067\u2068\u2069\uFEFF\u2060";
        const string letters = "Thecouncilvotedonthebudget";
        var builder = new StringBuilder(count * 2);
        for (var i = 0; i < count; i++)
        {
            builder.Append(letters[i % letters.Length]).Append(invisibles[i % invisibles.Length]);
            if (i % 9 == 8)
            {
                builder.Append(i % 90 == 89 ? ". " : " ");
            }
        }

        return builder.ToString();
    }

    /// <summary>A plain news page of about <paramref name="bytes"/> bytes: header, navigation, many paragraphs, a footer.</summary>
    private static string Ordinary(int bytes)
    {
        var body = new StringBuilder();
        body.Append("<header><nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/news\">News</a></li><li><a href=\"/sport\">Sport</a></li></ul></nav></header>");
        body.Append("<main><article><h1>Council approves budget after long debate</h1><p class=\"byline\">By Ana Ferreira</p><div class=\"article-body\">");
        var i = 0;
        while (body.Length < bytes - 1000)
        {
            body.Append("<p>").Append(System.Net.WebUtility.HtmlEncode(NewsProse.Paragraphs[i % NewsProse.Paragraphs.Count])).Append("</p>");
            if (i % 12 == 11)
            {
                body.Append("<h2>More on this story</h2>");
            }

            i++;
        }

        body.Append("</div></article></main><footer><p>© 2026 The Example Courier. All rights reserved.</p></footer>");
        return Page(body.ToString());
    }
}
