using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Pipeline.Core.Articles;
using Pipeline.Integration.Tests;
using Pipeline.Storage;
using Pipeline.Web;

namespace Pipeline.Web.Tests;

/// <summary>
/// The integration fixture (private Azurite in memory + the real functions host) with a few articles run through the
/// whole pipeline, plus the web view on a free loopback port over the same storage. The browser starts on first use.
/// </summary>
public sealed class WebFixture : IAsyncLifetime
{
    private WebApplication? app;
    private Browser? browser;

    public PipelineFixture Pipeline { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public HttpClient Http { get; private set; } = null!;

    /// <summary>The HTML test article: a quote by Ingrid Dahl, a cookie banner removed.</summary>
    public ArticleRecord HtmlArticle { get; private set; } = null!;

    public string HtmlBlob { get; } = PipelineFixture.UniqueName(".html");

    /// <summary>A text dump: a quote by Tomas Brenner.</summary>
    public ArticleRecord TextArticle { get; private set; } = null!;

    /// <summary>An article whose title and text carry markup, to prove the pages escape it.</summary>
    public ArticleRecord HostileArticle { get; private set; } = null!;

    /// <summary>Refused at ingest (a PNG): a content failure, nothing in a poison queue.</summary>
    public ArticleRecord PngArticle { get; private set; } = null!;

    /// <summary>A segment message that fails on every attempt: a stage-error failure with a message in segment-poison.</summary>
    public string PoisonedArticleId { get; private set; } = null!;

    public ReplayToken ReplayToken => (ReplayToken)app!.Services.GetService(typeof(ReplayToken))!;

    /// <summary>Headless Chromium (Debian's), started once; fails, never skips, when it is not installed.</summary>
    public Browser Browser => browser ??= Browser.Start();

    public async Task InitializeAsync()
    {
        await Pipeline.InitializeAsync();
        var marker = Guid.NewGuid().ToString("N");
        var textBlob = PipelineFixture.UniqueName(".txt");
        var hostileBlob = PipelineFixture.UniqueName(".html");
        var pngBlob = PipelineFixture.UniqueName(".png");
        await Task.WhenAll(
            Pipeline.DropAsync(HtmlBlob, TestArticles.Html(marker)),
            Pipeline.DropAsync(textBlob, TestArticles.Text(marker)),
            Pipeline.DropAsync(hostileBlob, HostilePage(marker)),
            Pipeline.DropAsync(pngBlob, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 0x0D, (byte)'I', (byte)'H', (byte)'D', (byte)'R']));
        HtmlArticle = await Pipeline.WaitForArticleAsync(HtmlBlob);
        TextArticle = await Pipeline.WaitForArticleAsync(textBlob);
        HostileArticle = await Pipeline.WaitForArticleAsync(hostileBlob);
        PngArticle = await Pipeline.WaitForArticleAsync(pngBlob);
        PoisonedArticleId = await PoisonAsync(Pipeline.Names.SegmentQueue);

        var port = FreePort();
        app = WebApp.Create(
            new WebViewSettings { Port = port, RefreshInterval = TimeSpan.FromMilliseconds(500), StorageDescription = Pipeline.Connection.Describe() },
            Pipeline.Connection, Pipeline.Names);
        await app.StartAsync();
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
        Http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    public async Task DisposeAsync()
    {
        browser?.Dispose();
        Http?.Dispose();
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }

        await Pipeline.DisposeAsync();
    }

    /// <summary>
    /// Sends a stage message whose claim-check blob does not exist, so the stage throws on every attempt; returns its
    /// article id once the failure is recorded and the message sits in the poison queue.
    /// </summary>
    public async Task<string> PoisonAsync(string queue)
    {
        var articleId = ArticleId.FromContent(Guid.NewGuid().ToByteArray());
        var message = new StageMessage
        {
            ArticleId = articleId, Blob = PipelineFixture.UniqueName(".txt"), PayloadBlob = $"payloads/{articleId}/missing.json",
            ReceivedAt = DateTimeOffset.UtcNow.ToString("O"),
        };
        await Pipeline.Channel.SendRawAsync(queue, message.ToJson(), CancellationToken.None);
        var poison = Pipeline.Connection.QueueService().GetQueueClient(ResourceNames.PoisonQueueOf(queue));
        await WaitUntilAsync(async () =>
            (await Pipeline.Reader.LoadRecordAsync(articleId, CancellationToken.None))?.Status == ArticleStatus.Failed
            && (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString().Contains(articleId, StringComparison.Ordinal)));
        return articleId;
    }

    /// <summary>Polls until the condition holds, or fails after the timeout (no blind sleeps).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"Condition not met within {limit.TotalSeconds} s.");
            }

            await Task.Delay(200);
        }
    }

    private static byte[] HostilePage(string marker) => System.Text.Encoding.UTF8.GetBytes($$"""
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <title>Council &lt;script&gt;alert('title')&lt;/script&gt; approves budget</title>
        <meta property="og:site_name" content="Hostile &lt;b&gt;Gazette&lt;/b&gt;">
        </head><body><article>
        <h1>Council &lt;script&gt;alert('title')&lt;/script&gt; approves budget</h1>
        <p>The city council on Wednesday approved next year's budget after a long debate about road repairs and school meals in the northern districts.</p>
        <p>A resident wrote &lt;img src=x onerror=alert('text')&gt; in the comments, which the council read aloud before the final vote was taken.</p>
        <p>"We owe every district the same roads," said Petra Holm, the finance committee chair. The budget passed by nine votes to four. Ref {{marker}}.</p>
        </article></body></html>
        """);

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

[CollectionDefinition(Name)]
public sealed class WebCollection : ICollectionFixture<WebFixture>
{
    public const string Name = "web";
}
