using System.Globalization;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Web.Pages;

/// <summary><c>/failures</c>: what <c>failures</c> prints, and the one action of the view: replay one article's poisoned messages (confirmed first).</summary>
internal static class FailuresPage
{
    public static SafeHtml Render(IReadOnlyList<FailureRow> failures, WebViewSettings settings)
    {
        var rows = failures.Count == 0
            ? Html.Of($"<tr><td colspan=\"6\" class=\"muted\">No failures recorded.</td></tr>")
            : Html.Join(failures.Select(f => Html.Of($"""
                <tr data-article="{f.ArticleId}"><td>{f.At?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)}</td><td><a href="/articles/{f.ArticleId}">{Layout.Clip(f.Blob, 48)}</a></td>
                <td><code>{f.Failure.Stage}</code></td><td><code class="alert">{f.Failure.Code}</code></td><td class="reason">{f.Failure.Reason}</td>
                <td><a class="button" href="/failures/{f.ArticleId}/replay">Replay…</a></td></tr>
                """)));
        return Layout.Page("Failures", "failures", settings, Html.Of($"""
            <h1>Failures</h1>
            <p class="muted small">Content problems (empty, binary, too large, not an article) are answers: replaying gives the same one, so fix the file and drop it again.
            Stage errors also leave the message in &lt;queue&gt;-poison; <em>Replay</em> moves this article's poisoned messages back so the running host retries them (like <code>./pipeline replay</code>, for one article).</p>
            <table class="failures"><thead><tr><th>When (UTC)</th><th>Blob</th><th>Stage</th><th>Code</th><th>Reason</th><th></th></tr></thead><tbody>{rows}</tbody></table>
            """));
    }

    public static SafeHtml Confirm(ArticleRecord record, ReplayToken token, WebViewSettings settings)
    {
        var failure = record.Failure is { } f ? Html.Of($"<p>It failed at <code>{f.Stage}</code> with <code>{f.Code}</code>: <span class=\"reason\">{f.Reason}</span></p>") : Html.Of($"<p>It has no failure recorded.</p>");
        return Layout.Page("Replay?", "failures", settings, Html.Of($"""
            <h1>Replay this article?</h1>
            <p><a href="/articles/{record.Id}">{record.Title ?? string.Join(", ", record.Blobs)}</a> <code>{record.Id}</code></p>
            {failure}
            <p>Its poisoned messages (if any) move from each &lt;queue&gt;-poison back to &lt;queue&gt;; the running host then retries them. Each message is sent before it is deleted, so none is lost.</p>
            <form method="post" action="/failures/{record.Id}/replay"><input type="hidden" name="token" value="{token.Value}">
            <button type="submit" id="confirm-replay">Yes, replay</button> <a href="/failures">Cancel</a></form>
            """));
    }

    public static SafeHtml Replayed(ArticleRecord record, IReadOnlyDictionary<string, int> moved, WebViewSettings settings)
    {
        var total = moved.Values.Sum();
        var lines = Html.Join(moved.Where(m => m.Value > 0).Select(m => Html.Of($"<li>{m.Key}-poison → {m.Key}: {m.Value} message(s)</li>")));
        var summary = total > 0
            ? Html.Of($"<p id=\"replay-result\">Moved {total} message(s) back; the running host retries them now.</p><ul>{lines}</ul>")
            : Html.Of($"<p id=\"replay-result\">No poisoned message concerns this article, so nothing moved. {(record.Failure is { Code: not "stage-error" } f ? $"Its failure ({f.Code}) is about the content: fix the file and drop it again." : "It may have been replayed already.")}</p>");
        return Layout.Page("Replayed", "failures", settings, Html.Of($"""
            <h1>Replay</h1>
            <p><a href="/articles/{record.Id}">{record.Title ?? string.Join(", ", record.Blobs)}</a></p>
            {summary}
            <p><a href="/failures">Back to failures</a> · <a href="/">Dashboard</a></p>
            """));
    }
}
