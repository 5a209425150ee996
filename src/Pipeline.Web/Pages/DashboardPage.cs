using System.Globalization;
using Pipeline.Core.Articles;
using Pipeline.Storage;
using Pipeline.Web.Live;

namespace Pipeline.Web.Pages;

/// <summary><c>/</c>: what <c>watch</c> shows, plus a chart of the last 15 minutes. The live section is re-sent by <c>/live</c>.</summary>
internal static class DashboardPage
{
    public static SafeHtml Render(ActivitySnapshot snapshot, IReadOnlyList<HistoryPoint> history, WebViewSettings settings) =>
        Layout.Page("Dashboard", "dashboard", settings, Html.Of($"""
            <h1>Dashboard <small id="live-status" class="muted">refreshes every {settings.RefreshInterval.TotalSeconds:0.#} s</small></h1>
            <section id="live" data-source="/live" data-fragment="/live/fragment">{Live(snapshot, history, null)}</section>
            """), "live.js");

    public static SafeHtml Live(ActivitySnapshot s, IReadOnlyList<HistoryPoint> history, string? error)
    {
        var errorLine = error is null ? SafeHtml.Empty : Html.Of($"<p class=\"error\">{error} (showing the last good reading)</p>");
        var queues = Html.Join(s.Queues.Select(q => Html.Of($"""
            <tr data-queue="{q.Queue}"><th scope="row">{q.Queue}</th><td class="num" data-depth="{q.Queue}">{q.Messages}</td><td class="num{(q.Poison > 0 ? " alert" : string.Empty)}" data-poison="{q.Queue}">{q.Poison}</td></tr>
            """)));
        if (s.BlobTriggerPoison > 0)
        {
            // The engine's own queue: shown only when it holds something, as watch and status do.
            queues = Html.Join([queues, Html.Of($"""
                <tr data-queue="blob-trigger"><th scope="row" title="blobs the blob trigger engine gave up on; the reconcile sweep announces them on the submit queue again">blob trigger</th><td class="num">-</td><td class="num alert" data-poison="blob-trigger">{s.BlobTriggerPoison}</td></tr>
                """)]);
        }

        var recent = s.Recent.Count == 0
            ? Html.Of($"<tr><td colspan=\"4\" class=\"muted\">Nothing finished in the last two hours.</td></tr>")
            : Html.Join(s.Recent.Select(a => Html.Of($"""
                <tr><td>{a.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}</td><td>{Layout.Status(a.Status)}</td><td><a href="/articles/{a.ArticleId}"><code>{Layout.Short(a.ArticleId)}</code></a></td><td>{Layout.Clip(a.Detail, 90)}</td></tr>
                """)));
        var failures = s.Failures.Count == 0
            ? Html.Of($"<tr><td colspan=\"3\" class=\"muted\">No failures in the last two hours.</td></tr>")
            : Html.Join(s.Failures.Select(f => Html.Of($"""
                <tr><td>{f.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}</td><td><a href="/articles/{f.ArticleId}">{Layout.Clip(f.Blob, 40)}</a></td><td class="reason">{Layout.Clip(f.Detail, 120)}</td></tr>
                """)));
        return Html.Of($"""
            {errorLine}
            <div class="figures">
            <div class="figure"><span class="value" id="rate">{s.ArticlesPerSecond.ToString("0.00", CultureInfo.InvariantCulture)}</span><span class="label">articles/s (last 60 s)</span></div>
            <div class="figure"><span class="value" id="p50">{Layout.Ms(s.LatencyP50Ms)}</span><span class="label">drop→result p50</span></div>
            <div class="figure"><span class="value" id="p95">{Layout.Ms(s.LatencyP95Ms)}</span><span class="label">drop→result p95</span></div>
            <div class="figure"><span class="value">{s.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}</span><span class="label">read at (UTC)</span></div>
            </div>
            <div class="columns">
            <section><h2>Queues</h2><table class="queues"><thead><tr><th>queue</th><th class="num">waiting</th><th class="num">poison</th></tr></thead><tbody>{queues}</tbody></table></section>
            <section class="grow"><h2>Last 15 minutes</h2>{Chart(history)}</section>
            </div>
            <section><h2>Last results</h2><table><thead><tr><th>when</th><th>status</th><th>article</th><th>title / reason</th></tr></thead><tbody id="recent">{recent}</tbody></table></section>
            <section><h2>Last failures</h2><table><thead><tr><th>when</th><th>blob</th><th>reason</th></tr></thead><tbody id="failures">{failures}</tbody></table></section>
            """);
    }

    /// <summary>Throughput as bars, waiting messages as a line (its own scale), oldest bucket on the left.</summary>
    private static SafeHtml Chart(IReadOnlyList<HistoryPoint> points)
    {
        const double width = 600, height = 150, top = 16, bottom = 20;
        var plot = height - top - bottom;
        var maxRate = Math.Max(0.1, points.Count == 0 ? 0 : points.Max(p => p.ArticlesPerSecond));
        var maxDepth = Math.Max(1, points.Count == 0 ? 0 : points.Max(p => p.Waiting ?? 0));
        var step = points.Count == 0 ? width : width / points.Count;
        string F(double v) => v.ToString("0.#", CultureInfo.InvariantCulture);

        var bars = Html.Join(points.Select((p, i) =>
        {
            var h = plot * p.ArticlesPerSecond / maxRate;
            return Html.Of($"<rect class=\"bar\" x=\"{F(i * step)}\" y=\"{F(top + plot - h)}\" width=\"{F(Math.Max(1, step - 1))}\" height=\"{F(h)}\"><title>{p.Start.ToString("HH:mm:ss", CultureInfo.InvariantCulture)}: {p.ArticlesPerSecond.ToString("0.##", CultureInfo.InvariantCulture)} articles/s</title></rect>");
        }));
        var line = string.Join(' ', points.Select((p, i) => (p, i)).Where(x => x.p.Waiting is not null)
            .Select(x => F((x.i * step) + (step / 2)) + "," + F(top + plot - (plot * x.p.Waiting!.Value / maxDepth))));
        var depthLine = line.Length == 0 ? SafeHtml.Empty : Html.Of($"<polyline class=\"depth\" points=\"{line}\"/>");
        return Html.Of($"""
            <svg class="chart" viewBox="0 0 {F(width)} {F(height)}" role="img" aria-label="Throughput and queue depth over the last 15 minutes">
            <line class="axis" x1="0" y1="{F(top + plot)}" x2="{F(width)}" y2="{F(top + plot)}"/>
            {bars}{depthLine}
            <text x="2" y="11" class="legend rate">▮ articles/s (max {maxRate.ToString("0.##", CultureInfo.InvariantCulture)})</text>
            <text x="{F(width - 2)}" y="11" text-anchor="end" class="legend depth">— waiting messages (max {maxDepth})</text>
            <text x="2" y="{F(height - 4)}" class="legend">−15 min</text><text x="{F(width - 2)}" y="{F(height - 4)}" text-anchor="end" class="legend">now</text>
            </svg>
            <p class="muted small">Throughput from the activity table (15 s buckets); queue depth sampled by this view since it started.</p>
            """);
    }
}
