using Microsoft.AspNetCore.Http;

namespace Pipeline.Web.Pages;

/// <summary>The frame every page shares: navigation, the storage line, the stylesheet; no inline script or style (the CSP forbids them).</summary>
internal static class Layout
{
    public static SafeHtml Page(string title, string active, WebViewSettings settings, SafeHtml body, string? script = null)
    {
        SafeHtml Nav(string href, string key, string label) =>
            key == active ? Html.Of($"<a href=\"{href}\" aria-current=\"page\">{label}</a>") : Html.Of($"<a href=\"{href}\">{label}</a>");

        var scriptTag = script is null ? SafeHtml.Empty : Html.Of($"<script src=\"/static/{script}\" defer></script>");
        return Html.Of($"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title} · Pipeline</title>
            <link rel="stylesheet" href="/static/site.css">{scriptTag}
            </head><body>
            <header><span class="brand">Pipeline</span><nav>{Nav("/", "dashboard", "Dashboard")}{Nav("/articles", "articles", "Articles")}{Nav("/failures", "failures", "Failures")}</nav>
            <span class="storage">{settings.StorageDescription}</span></header>
            <main>
            {body}
            </main>
            </body></html>
            """);
    }

    public static IResult Result(SafeHtml page, int status = StatusCodes.Status200OK) =>
        Results.Content(page.ToString(), "text/html; charset=utf-8", System.Text.Encoding.UTF8, status);

    public static Task Write(HttpResponse response, SafeHtml page)
    {
        response.ContentType = "text/html; charset=utf-8";
        return response.WriteAsync(page.ToString());
    }

    /// <summary>A status as a coloured badge.</summary>
    public static SafeHtml Status(string status) => Html.Of($"<span class=\"badge status-{status}\">{status}</span>");

    /// <summary>Milliseconds for humans.</summary>
    public static string Ms(double? ms) => ms is null ? "–" : ms < 1000 ? $"{ms:0} ms" : $"{ms / 1000:0.0} s";

    public static string Short(string id) => id.Length > 12 ? id[..12] : id;

    public static string Clip(string? value, int max)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        var flat = value.ReplaceLineEndings(" ");
        return flat.Length <= max ? flat : flat[..(max - 1)] + "…";
    }
}
