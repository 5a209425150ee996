using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Web.Pages;

/// <summary><c>/articles</c>: the <c>list</c> table with filters, one page at a time (see <see cref="ArticleBrowser"/> for what each filter reads).</summary>
internal static class ArticlesPage
{
    private static readonly string[] Statuses = [ArticleStatus.Processed, ArticleStatus.Duplicate, ArticleStatus.Failed, ArticleStatus.Pending];

    public static SafeHtml Render(ArticleFilter filter, ArticlePage page, int pageNumber, WebViewSettings settings)
    {
        var statusOptions = Html.Join(new[] { string.Empty }.Concat(Statuses).Select(s =>
            Html.Of($"<option value=\"{s}\"{(string.Equals(s, filter.Status, StringComparison.OrdinalIgnoreCase) ? Html.Of($" selected") : SafeHtml.Empty)}>{(s.Length == 0 ? "any" : s)}</option>")));
        var rows = page.Articles.Count == 0
            ? Html.Of($"<tr><td colspan=\"8\" class=\"muted\">{(filter.IsEmpty ? "No articles yet. Drop some with ./pipeline drop FILES while ./pipeline host runs." : "No article on this page matches.")}</td></tr>")
            : Html.Join(page.Articles.Select(Row));
        var order = string.IsNullOrWhiteSpace(filter.Topic) ? "Order: storage key order (article id); filter by a topic for newest first." : "Order: newest published first.";
        var next = page.Next is null
            ? SafeHtml.Empty
            : Html.Of($"<a class=\"button\" rel=\"next\" href=\"{Link(filter, page.Next, pageNumber + 1)}\">{(page.StoppedEarly ? "Search on →" : "Next page →")}</a>");
        var first = pageNumber > 1 || page.StoppedEarly ? Html.Of($"<a href=\"{Link(filter, null, 1)}\">First page</a>") : SafeHtml.Empty;
        var stoppedNote = page.StoppedEarly
            ? Html.Of($"<p class=\"muted\">Looked at {page.Examined} rows for this page and stopped (a page reads a bounded number of rows). Search on to look further.</p>")
            : SafeHtml.Empty;

        return Layout.Page("Articles", "articles", settings, Html.Of($"""
            <h1>Articles</h1>
            <form class="filters" method="get" action="/articles">
            <label>Status <select name="status">{statusOptions}</select></label>
            <label>Topic <input name="topic" value="{filter.Topic}" placeholder="e.g. politics"></label>
            <label>Language <input name="language" value="{filter.Language}" size="4" placeholder="en"></label>
            <label>Outlet <input name="outlet" value="{filter.Outlet}" placeholder="exact name"></label>
            <label>Title contains <input name="q" type="search" value="{filter.TitleContains}"></label>
            <button type="submit">Filter</button> <a href="/articles">Clear</a>
            </form>
            <p class="muted small">Page {pageNumber} · {page.Articles.Count} article(s) · {order}</p>
            <table class="articles"><thead><tr><th>Status</th><th>Title</th><th>Outlet</th><th>Published</th><th>Lang</th><th class="num">Sent.</th><th>Top topics</th><th>Blob / reason</th></tr></thead>
            <tbody>{rows}</tbody></table>
            {stoppedNote}
            <p class="pager">{first} {next}</p>
            """));
    }

    private static SafeHtml Row(ArticleSummary a)
    {
        var detail = a.Failure is { } f ? $"{f.Stage}: {f.Reason}" : string.Join(", ", a.Blobs);
        var topics = Html.Join(a.Topics.Take(2).Select(t => Html.Of($"<a class=\"chip\" href=\"/articles?topic={Html.Query(t.Label)}\">{t.Label}</a>")));
        var outlet = string.IsNullOrEmpty(a.Outlet) ? SafeHtml.Empty : Html.Of($"<a href=\"/articles?outlet={Html.Query(a.Outlet)}\">{Layout.Clip(a.Outlet, 30)}</a>");
        var language = string.IsNullOrEmpty(a.Language) ? SafeHtml.Empty : Html.Of($"<a href=\"/articles?language={Html.Query(a.Language)}\">{a.Language}</a>");
        return Html.Of($"""
            <tr><td>{Layout.Status(a.Status)}</td><td><a href="/articles/{a.Id}">{(string.IsNullOrEmpty(a.Title) ? "(no title)" : Layout.Clip(a.Title, 90))}</a></td><td>{outlet}</td>
            <td>{(a.Published is { Length: >= 10 } p ? p[..10] : a.Published)}</td><td>{language}</td><td class="num">{a.SentenceCount}</td><td>{topics}</td><td class="{(a.Failure is null ? "blob" : "reason")}">{Layout.Clip(detail, 70)}</td></tr>
            """);
    }

    private static string Link(ArticleFilter filter, string? page, int number)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(name + "=" + Html.Query(value));
            }
        }

        Add("status", filter.Status);
        Add("topic", filter.Topic);
        Add("language", filter.Language);
        Add("outlet", filter.Outlet);
        Add("q", filter.TitleContains);
        Add("page", page);
        if (number > 1)
        {
            parts.Add("n=" + number.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return "/articles" + (parts.Count == 0 ? string.Empty : "?" + string.Join('&', parts));
    }
}
