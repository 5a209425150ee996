using System.Security.Cryptography;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Articles;
using Pipeline.Storage;
using Pipeline.Web.Live;
using Pipeline.Web.Pages;

namespace Pipeline.Web;

/// <summary>
/// The web view: a dashboard, the article list, one article, the failures, over the storage the CLI uses. Read-only
/// except the replay action, which needs a confirmation page and a per-process token (so another site cannot post it).
/// </summary>
public static class WebApp
{
    /// <summary>Builds the app (not started) over <paramref name="connection"/>.</summary>
    public static WebApplication Create(WebViewSettings settings, StorageConnection connection, ResourceNames names, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.IsLoopback && !settings.AllowRemote)
        {
            throw new InvalidOperationException($"Binding {settings.Address} exposes the view beyond this machine; it has no login. Pass the explicit flag to allow it.");
        }

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(settings.Address, settings.Port));
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);

        // On loopback, only requests addressed to this machine's own names: a page elsewhere cannot rebind its DNS name to 127.0.0.1 and read ours.
        builder.Services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o =>
            o.AllowedHosts = settings.IsLoopback ? ["localhost", "127.0.0.1", "[::1]"] : ["*"]);

        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(time ?? TimeProvider.System);
        builder.Services.AddSingleton(connection);
        builder.Services.AddSingleton(names);
        builder.Services.AddSingleton<ArticleRows>();
        builder.Services.AddSingleton<ArticleReader>();
        builder.Services.AddSingleton<BlobIndex>();
        builder.Services.AddSingleton<SharedPartitionWriter>();
        builder.Services.AddSingleton<ActivityLog>();
        builder.Services.AddSingleton<ArticleBrowser>();
        builder.Services.AddSingleton<PipelineMonitor>();
        builder.Services.AddSingleton<PoisonReplay>();
        builder.Services.AddSingleton(new ThroughputHistory(TimeSpan.FromMinutes(15), TimeSpan.FromSeconds(15)));
        builder.Services.AddSingleton<DashboardSampler>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<DashboardSampler>());
        builder.Services.AddSingleton(new ReplayToken(Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16))));

        var app = builder.Build();
        app.UseHostFiltering();
        app.UseExceptionHandler(error => error.Run(async context =>
        {
            var exception = context.Features.Get<IExceptionHandlerFeature>()?.Error;
            var message = exception is null ? "Unexpected error." : WebErrors.Describe(exception);
            context.Response.StatusCode = exception is not null && WebErrors.IsStorage(exception) ? StatusCodes.Status503ServiceUnavailable : StatusCodes.Status500InternalServerError;
            await Layout.Write(context.Response, Layout.Page("Error", string.Empty, settings, Html.Of($"<p class=\"error\">{message}</p>"))).ConfigureAwait(false);
        }));
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context).ConfigureAwait(false);
        });

        MapEndpoints(app);
        return app;
    }

    private static void MapEndpoints(WebApplication app)
    {
        app.MapGet("/static/{name}", (string name) => StaticAssets.Serve(name));

        app.MapGet("/", async (DashboardSampler sampler, WebViewSettings settings, TimeProvider time, CancellationToken ct) =>
        {
            var snapshot = sampler.Latest ?? await sampler.SampleAsync(ct).ConfigureAwait(false);
            return Layout.Result(DashboardPage.Render(snapshot, sampler.History.Points(time.GetUtcNow()), settings));
        });

        app.MapGet("/live/fragment", async (DashboardSampler sampler, TimeProvider time, CancellationToken ct) =>
        {
            var snapshot = sampler.Latest ?? await sampler.SampleAsync(ct).ConfigureAwait(false);
            return Results.Content(DashboardPage.Live(snapshot, sampler.History.Points(time.GetUtcNow()), sampler.LastError).ToString(), "text/html; charset=utf-8");
        });

        app.MapGet("/live", LiveStream.RunAsync);

        app.MapGet("/api/snapshot", async (DashboardSampler sampler, TimeProvider time, CancellationToken ct) =>
        {
            var snapshot = sampler.Latest ?? await sampler.SampleAsync(ct).ConfigureAwait(false);
            return Results.Json(new { snapshot, history = sampler.History.Points(time.GetUtcNow()) }, ArticleJson.Options);
        });

        app.MapGet("/articles", async (HttpRequest request, ArticleBrowser browser, WebViewSettings settings, CancellationToken ct) =>
        {
            var filter = new ArticleFilter(request.Query["status"], request.Query["topic"], request.Query["language"], request.Query["outlet"], request.Query["q"]);
            ArticlePage page;
            try
            {
                page = await browser.PageAsync(filter, request.Query["page"], settings.PageSize, ct).ConfigureAwait(false);
            }
            catch (ArgumentException e)
            {
                return Layout.Result(Layout.Page("Articles", "articles", settings, Html.Of($"<p class=\"error\">{e.Message.Split(" (Parameter", 2)[0]}</p><p><a href=\"/articles\">First page</a></p>")), StatusCodes.Status400BadRequest);
            }

            var pageNumber = int.TryParse(request.Query["n"], out var n) && n > 0 ? n : 1;
            return Layout.Result(ArticlesPage.Render(filter, page, pageNumber, settings));
        });

        app.MapGet("/articles/{id}", async (string id, ArticleReader reader, WebViewSettings settings, CancellationToken ct) =>
        {
            var record = ArticleKeys.LooksLikeId(id) ? await reader.LoadRecordAsync(id, ct).ConfigureAwait(false) : null;
            if (record is null)
            {
                return Layout.Result(Layout.Page("Not found", "articles", settings, Html.Of($"<h1>No such article</h1><p>No article has the id <code>{id}</code>. <a href=\"/articles\">All articles</a></p>")), StatusCodes.Status404NotFound);
            }

            var cluster = record.ClusterId is { } clusterId
                ? await reader.ClusterMembersAsync(clusterId, 100, ct).ConfigureAwait(false)
                : [];
            return Layout.Result(ArticleDetailPage.Render(record, cluster, settings));
        });

        app.MapGet("/blobs/{**name}", async (string name, BlobIndex blobIndex, StorageConnection connection, ResourceNames names, CancellationToken ct) =>
        {
            // Only blobs the pipeline knows as articles, served as a download: never rendered as a page of ours.
            if (await blobIndex.FindArticleIdAsync(name, ct).ConfigureAwait(false) is null)
            {
                return Results.NotFound();
            }

            var blob = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer).GetBlobClient(name);
            var content = await StorageResilience.RunAsync(async t => (await blob.DownloadContentAsync(t).ConfigureAwait(false)).Value.Content, ct).ConfigureAwait(false);
            return Results.File(content.ToArray(), "application/octet-stream", Path.GetFileName(name));
        });

        app.MapGet("/failures", async (ArticleReader reader, WebViewSettings settings, CancellationToken ct) =>
            Layout.Result(FailuresPage.Render(await reader.ListFailuresAsync(ct).ConfigureAwait(false), settings)));

        app.MapGet("/failures/{id}/replay", async (string id, ArticleReader reader, ReplayToken token, WebViewSettings settings, CancellationToken ct) =>
        {
            var record = ArticleKeys.LooksLikeId(id) ? await reader.LoadRecordAsync(id, ct).ConfigureAwait(false) : null;
            return record is null
                ? Results.NotFound()
                : Layout.Result(FailuresPage.Confirm(record, token, settings));
        });

        app.MapPost("/failures/{id}/replay", async (string id, HttpRequest request, ArticleReader reader, PoisonReplay replay, ResourceNames names, ReplayToken token, WebViewSettings settings, CancellationToken ct) =>
        {
            var form = await request.ReadFormAsync(ct).ConfigureAwait(false);
            if (!token.Matches(form["token"]))
            {
                return Layout.Result(Layout.Page("Replay refused", "failures", settings, Html.Of($"<p class=\"error\">This replay did not come from this view's confirmation page. <a href=\"/failures\">Back to failures</a></p>")), StatusCodes.Status403Forbidden);
            }

            var record = ArticleKeys.LooksLikeId(id) ? await reader.LoadRecordAsync(id, ct).ConfigureAwait(false) : null;
            if (record is null)
            {
                return Results.NotFound();
            }

            var moved = new Dictionary<string, int>();
            foreach (var queue in names.Queues)
            {
                moved[queue] = await replay.MoveArticleAsync(queue, record.Id, record.Blobs, ct).ConfigureAwait(false);
            }

            return Layout.Result(FailuresPage.Replayed(record, moved, settings));
        });
    }
}

/// <summary>A random value, new each run, that the confirmation form carries: a cross-site form cannot know it.</summary>
public sealed record ReplayToken(string Value)
{
    public bool Matches(string? candidate) =>
        candidate is not null && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(candidate), System.Text.Encoding.UTF8.GetBytes(Value));
}

/// <summary>Article ids are 32 lower-case hex characters (see <c>ArticleId</c>); anything else is not looked up.</summary>
internal static partial class ArticleKeys
{
    public static bool LooksLikeId(string value) => IdShape().IsMatch(value);

    [System.Text.RegularExpressions.GeneratedRegex("^[0-9a-fn][0-9a-f]{31}$")]
    private static partial System.Text.RegularExpressions.Regex IdShape();
}
