using System.Globalization;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Web.Pages;

/// <summary>
/// <c>/articles/{id}</c>: what <c>show</c> prints, for reading: the cleaned text with sentences, quotes (speaker after
/// each, and on hover) and entities marked, then what was removed and why, topics with evidence, and the cluster.
/// </summary>
internal static class ArticleDetailPage
{
    public static SafeHtml Render(ArticleRecord record, IReadOnlyList<ClusterMemberRow> cluster, WebViewSettings settings)
    {
        var failure = record.Failure is { } f
            ? Html.Of($"<section class=\"failure\"><h2>Failed at <code>{f.Stage}</code>: <code>{f.Code}</code></h2><p class=\"reason\">{f.Reason}</p><p><a href=\"/failures\">All failures</a> · <a href=\"/failures/{record.Id}/replay\">Replay…</a></p></section>")
            : SafeHtml.Empty;
        return Layout.Page(record.Title ?? "Article", "articles", settings, Html.Of($"""
            <h1>{record.Title ?? "(no title)"} {Layout.Status(record.Status)}</h1>
            {failure}
            <div class="columns">
            <section class="grow"><h2>Text</h2>{Text(record)}</section>
            <aside>{Metadata(record)}{Topics(record)}{Cluster(record, cluster)}</aside>
            </div>
            {Quotes(record)}{Entities(record)}{Removed(record)}
            """));
    }

    private static SafeHtml Metadata(ArticleRecord r)
    {
        SafeHtml Fact(string name, string? value) => string.IsNullOrWhiteSpace(value) ? SafeHtml.Empty : Html.Of($"<dt>{name}</dt><dd>{value}</dd>");
        var url = r.Url is { } u && Uri.TryCreate(u, UriKind.Absolute, out var parsed) && (parsed.Scheme == Uri.UriSchemeHttp || parsed.Scheme == Uri.UriSchemeHttps)
            ? Html.Of($"<dt>url</dt><dd><a href=\"{parsed.AbsoluteUri}\" rel=\"noopener noreferrer nofollow\">{Layout.Clip(u, 60)}</a></dd>")
            : Fact("url", r.Url);
        var blobs = Html.Join(r.Blobs.Select(b => Html.Of($"<li><a href=\"/blobs/{string.Join('/', b.Split('/').Select(Uri.EscapeDataString))}\" download>{b}</a></li>")));
        var timings = r.Timings is null ? null : string.Join(", ", r.Timings.Select(t => $"{t.Key} {t.Value.ToString("0.#", CultureInfo.InvariantCulture)} ms"));
        return Html.Of($"""
            <h2>Metadata</h2><dl class="facts">
            <dt>id</dt><dd><code>{r.Id}</code></dd>
            {Fact("outlet", r.Outlet)}{Fact("published", r.Published)}{Fact("authors", string.Join(", ", r.Authors))}{url}
            {Fact("language", r.Language is null ? null : $"{r.Language} ({(r.LanguageConfidence ?? 0).ToString("0.00", CultureInfo.InvariantCulture)})")}
            {Fact("kind", r.Kind)}{Fact("encoding", r.Encoding)}{Fact("topic model", r.TopicModel)}
            {Fact("counts", r.Text is null ? null : $"{r.Paragraphs.Count} paragraphs, {r.Sentences.Count} sentences, {r.Quotes.Count} quotes, {r.Entities.Count} entities, {r.Removed.Count} removed blocks")}
            {Fact("received", r.ReceivedAt)}{Fact("processed", r.ProcessedAt)}{Fact("stage times", timings)}{Fact("pipeline", r.PipelineVersion)}
            </dl>
            <h2>Source blobs</h2><ul class="blobs">{blobs}</ul>
            """);
    }

    private static SafeHtml Text(ArticleRecord record)
    {
        if (record.Text is not { } text)
        {
            return Html.Of($"<p class=\"muted\">No cleaned text (the article failed before cleaning, or is still pending).</p>");
        }

        var paragraphs = new List<SafeHtml>();
        var current = new List<SafeHtml>();
        var paragraph = int.MinValue;
        void Close()
        {
            if (current.Count > 0)
            {
                paragraphs.Add(Html.Of($"<p>{current}</p>"));
                current = [];
            }
        }

        foreach (var run in ArticleLayout.Runs(record))
        {
            var piece = text[run.Start..run.End];
            if (run.Paragraph != paragraph && !(run.Paragraph < 0 && string.IsNullOrWhiteSpace(piece)))
            {
                Close();
                paragraph = run.Paragraph;
            }

            if (run.Paragraph < 0 && string.IsNullOrWhiteSpace(piece))
            {
                continue;
            }

            current.Add(Run(record, run, piece));
        }

        Close();
        var kinds = record.Entities.Select(e => e.Kind).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var legend = Html.Join(kinds.Select(k => Html.Of($"<span class=\"ent ent-{k}\">{k}</span> ")));
        return Html.Of($"""
            <p class="legend small">Sentences alternate shades · <span class="quote">quotes</span> with their <span class="speaker">speaker</span> · entities: {legend}</p>
            <div class="article-text">{paragraphs}</div>
            """);
    }

    private static SafeHtml Run(ArticleRecord record, TextRun run, string piece)
    {
        var classes = new List<string> { run.Sentence < 0 ? "gap" : run.Sentence % 2 == 0 ? "s even" : "s odd" };
        var titles = new List<string>();
        if (run.Quote >= 0)
        {
            classes.Add("quote");
            var quote = record.Quotes[run.Quote];
            titles.Add(quote.Speaker is null ? "quote, speaker not found" : "quote by " + quote.Speaker + (quote.SpeakerRole is null ? string.Empty : ", " + quote.SpeakerRole));
        }

        if (run.Entity >= 0)
        {
            var entity = record.Entities[run.Entity];
            classes.Add("ent");
            classes.Add("ent-" + entity.Kind);
            titles.Add(entity.Kind + ": " + entity.Name);
        }

        var title = titles.Count == 0 ? SafeHtml.Empty : Html.Of($" title=\"{string.Join(" · ", titles)}\"");
        var sentence = run.Sentence < 0 ? SafeHtml.Empty : Html.Of($" data-sentence=\"{run.Sentence}\"");
        var speaker = run.SpeakerAfter is { } who ? Html.Of($"<span class=\"speaker\">— {who}</span>") : SafeHtml.Empty;
        return Html.Of($"<span class=\"{string.Join(' ', classes)}\"{sentence}{title}>{piece}</span>{speaker}");
    }

    private static SafeHtml Topics(ArticleRecord r)
    {
        if (r.Topics.Count == 0)
        {
            return Html.Of($"<h2>Topics</h2><p class=\"muted\">None{(r.Language is { } l && l != "en" ? " (the keyword lexicon is English)" : string.Empty)}.</p>");
        }

        var items = Html.Join(r.Topics.Select(t => Html.Of($"""
            <li><a class="chip" href="/articles?topic={Html.Query(t.Label)}">{t.Label}</a> {t.Score.ToString("0.00", CultureInfo.InvariantCulture)}<br><span class="muted small">evidence: {string.Join(", ", t.Evidence)}</span></li>
            """)));
        return Html.Of($"<h2>Topics</h2><ul class=\"topics\">{items}</ul>");
    }

    private static SafeHtml Cluster(ArticleRecord r, IReadOnlyList<ClusterMemberRow> members)
    {
        if (r.ClusterId is null)
        {
            return SafeHtml.Empty;
        }

        var others = members.Where(m => m.ArticleId != r.Id).ToList();
        var heading = r.ClusterId == r.Id
            ? "First of its near-duplicate cluster."
            : $"Near-duplicate of an earlier article (similarity {(r.Similarity ?? 0).ToString("0.00", CultureInfo.InvariantCulture)}).";
        var items = others.Count == 0
            ? Html.Of($"<li class=\"muted\">No other member yet.</li>")
            : Html.Join(others.Select(m => Html.Of($"""
                <li><a href="/articles/{m.ArticleId}">{(string.IsNullOrEmpty(m.Title) ? Layout.Short(m.ArticleId) : m.Title)}</a> <span class="muted small">{m.Outlet} · similarity {(m.Similarity ?? 1).ToString("0.00", CultureInfo.InvariantCulture)}{(m.ArticleId == r.ClusterId ? " · first" : string.Empty)}</span></li>
                """)));
        return Html.Of($"<h2>Near-duplicates</h2><p class=\"small\">{heading}</p><ul class=\"cluster\">{items}</ul>");
    }

    private static SafeHtml Quotes(ArticleRecord r)
    {
        if (r.Quotes.Count == 0)
        {
            return SafeHtml.Empty;
        }

        var rows = Html.Join(r.Quotes.Select(q => Html.Of($"""
            <tr><td class="quote-text">“{q.Text}”</td><td class="speaker-name">{q.Speaker ?? "—"}</td><td class="muted">{q.SpeakerRole}</td></tr>
            """)));
        return Html.Of($"<section><h2>Quotes</h2><table class=\"quotes\"><thead><tr><th>quote</th><th>speaker</th><th>role</th></tr></thead><tbody>{rows}</tbody></table></section>");
    }

    private static SafeHtml Entities(ArticleRecord r)
    {
        if (r.Entities.Count == 0)
        {
            return SafeHtml.Empty;
        }

        var rows = Html.Join(r.Entities.OrderByDescending(e => e.Count).ThenBy(e => e.Name, StringComparer.Ordinal).Select(e => Html.Of($"""
            <tr><td><span class="ent ent-{e.Kind}">{e.Name}</span></td><td>{e.Kind}</td><td class="muted">{e.Role}</td><td class="num">{e.Count}</td></tr>
            """)));
        return Html.Of($"<section><h2>Entities</h2><table class=\"entities\"><thead><tr><th>entity</th><th>kind</th><th>role</th><th class=\"num\">mentions</th></tr></thead><tbody>{rows}</tbody></table></section>");
    }

    private static SafeHtml Removed(ArticleRecord r)
    {
        if (r.Removed.Count == 0)
        {
            return SafeHtml.Empty;
        }

        var blocks = Html.Join(r.Removed.Select((b, i) => Html.Of($"""
            <details class="removed-block" data-index="{i}"><summary><code class="reason-code">{b.Reason}</code> {Layout.Clip(b.Text, 90)}</summary><div class="removed-text">{b.Text}</div></details>
            """)));
        return Html.Of($"<section><h2>Removed blocks <small class=\"muted\">{r.Removed.Count}, in document order, with the reason each was cut</small></h2>{blocks}</section>");
    }
}
