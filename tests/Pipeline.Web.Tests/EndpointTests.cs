using System.Net;
using System.Text.Json;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Web.Tests;

/// <summary>Every endpoint of the web view over HTTP, against real Azurite with articles the real pipeline produced.</summary>
[Collection(WebCollection.Name)]
public sealed class EndpointTests(WebFixture web)
{
    [Fact]
    public async Task Dashboard_ShowsEveryQueue_TheFigures_AndTheLastResults()
    {
        using var response = await web.Http.GetAsync("/");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.All(web.Pipeline.Names.Queues, q => Assert.Contains($"data-depth=\"{q}\"", html, StringComparison.Ordinal));
        Assert.Contains("articles/s", html, StringComparison.Ordinal);
        Assert.Contains("drop→result p95", html, StringComparison.Ordinal);
        Assert.Contains("<svg class=\"chart\"", html, StringComparison.Ordinal);
        Assert.Contains($"/articles/{web.PngArticle.Id}", html, StringComparison.Ordinal);
        Assert.Contains("PNG image", html, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveFragment_IsTheLiveSection_WithoutTheFrame()
    {
        var html = await web.Http.GetStringAsync("/live/fragment");

        Assert.Contains("data-poison=\"segment\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LiveFragment_ShowsTheBlobTriggersPoisonQueue_OnlyWhileItHoldsSomething()
    {
        // The engine's own poison queue: nothing of ours reads it, so the dashboard is where a user learns of it.
        var poison = web.Pipeline.Connection.QueueService().GetQueueClient(ResourceNames.PoisonQueueOf(ResourceNames.BlobTriggerQueue));
        await poison.CreateIfNotExistsAsync();
        var sent = await poison.SendMessageAsync(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("{\"BlobName\":\"given-up.html\"}")));
        try
        {
            await WebFixture.WaitUntilAsync(async () => (await web.Http.GetStringAsync("/live/fragment")).Contains("data-poison=\"blob-trigger\"", StringComparison.Ordinal));
            using var json = JsonDocument.Parse(await web.Http.GetStringAsync("/api/snapshot"));
            Assert.True(json.RootElement.GetProperty("snapshot").GetProperty("blobTriggerPoison").GetInt32() >= 1);
        }
        finally
        {
            await poison.DeleteMessageAsync(sent.Value.MessageId, sent.Value.PopReceipt);
        }

        await WebFixture.WaitUntilAsync(async () => !(await web.Http.GetStringAsync("/live/fragment")).Contains("data-poison=\"blob-trigger\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task LiveStream_SendsUpdateEvents_AsServerSentEvents()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/live");
        using var response = await web.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);

        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = 0;
        var sawDepth = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (events < 2 && await reader.ReadLineAsync(timeout.Token) is { } line)
        {
            events += line == "event: update" ? 1 : 0;
            sawDepth |= line.StartsWith("data: ", StringComparison.Ordinal) && line.Contains("data-depth=\"clean\"", StringComparison.Ordinal);
        }

        Assert.Equal(2, events);
        Assert.True(sawDepth);
    }

    [Fact]
    public async Task Snapshot_HasTheWatchShape_AndFifteenMinutesOfHistory()
    {
        using var json = JsonDocument.Parse(await web.Http.GetStringAsync("/api/snapshot"));
        var snapshot = json.RootElement.GetProperty("snapshot");

        Assert.Equal(web.Pipeline.Names.Queues, snapshot.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("queue").GetString()));
        Assert.True(snapshot.TryGetProperty("articlesPerSecond", out _));
        Assert.Contains(snapshot.GetProperty("recent").EnumerateArray(), r => r.GetProperty("articleId").GetString() == web.HtmlArticle.Id);
        var history = json.RootElement.GetProperty("history").EnumerateArray().ToList();
        Assert.Equal(60, history.Count);
        Assert.True(history.Sum(p => p.GetProperty("articlesPerSecond").GetDouble()) > 0, "the articles just processed are in the chart");
    }

    [Fact]
    public async Task Articles_ListsEveryArticle_WithLinks()
    {
        var html = await web.Http.GetStringAsync("/articles");

        foreach (var article in new[] { web.HtmlArticle, web.TextArticle, web.HostileArticle, web.PngArticle })
        {
            Assert.Contains($"href=\"/articles/{article.Id}\"", html, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("status=failed", true)]
    [InlineData("status=processed", false)]
    [InlineData("q=RIVER+path", false)]
    [InlineData("language=en&q=river", false)]
    public async Task Articles_Filters_NarrowTheList(string query, bool failedOnly)
    {
        var html = await web.Http.GetStringAsync("/articles?" + query);

        if (failedOnly)
        {
            Assert.Contains(web.PngArticle.Id, html, StringComparison.Ordinal);
            Assert.DoesNotContain(web.TextArticle.Id, html, StringComparison.Ordinal);
        }
        else
        {
            Assert.DoesNotContain(web.PngArticle.Id, html, StringComparison.Ordinal);
        }

        if (query.Contains("river", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Contains(web.TextArticle.Id, html, StringComparison.Ordinal);
            Assert.DoesNotContain(web.HtmlArticle.Id, html, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Articles_ByTopicAndOutlet_ReadTheirOwnIndexes()
    {
        var topic = web.HtmlArticle.Topics[0].Label;
        var byTopic = await web.Http.GetStringAsync("/articles?topic=" + Uri.EscapeDataString(topic));
        var byOutlet = await web.Http.GetStringAsync("/articles?outlet=" + Uri.EscapeDataString(web.HtmlArticle.Outlet!));

        Assert.Contains(web.HtmlArticle.Id, byTopic, StringComparison.Ordinal);
        Assert.DoesNotContain(web.PngArticle.Id, byTopic, StringComparison.Ordinal);
        Assert.Contains("newest published first", byTopic, StringComparison.Ordinal);
        Assert.Contains(web.HtmlArticle.Id, byOutlet, StringComparison.Ordinal);
        Assert.DoesNotContain(web.TextArticle.Id, byOutlet, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Articles_ABrokenPageLink_IsABadRequest_NotAnError()
    {
        using var response = await web.Http.GetAsync("/articles?page=not-a-cursor!");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("First page", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_ShowsTextQuotesSpeakersEntitiesRemovedBlocksTopicsAndBlobs()
    {
        var article = web.HtmlArticle;
        var html = await web.Http.GetStringAsync($"/articles/{article.Id}");

        var quote = article.Quotes.Single(q => q.Speaker == "Ingrid Dahl");
        Assert.Contains("class=\"speaker\">— Ingrid Dahl</span>", html, StringComparison.Ordinal);
        Assert.Contains("title=\"quote by Ingrid Dahl", html, StringComparison.Ordinal);
        Assert.StartsWith("People who clean our hospitals", quote.Text, StringComparison.Ordinal);
        Assert.Contains("People who clean our hospitals", html, StringComparison.Ordinal);
        Assert.Contains("ent ent-person", html, StringComparison.Ordinal);
        Assert.All(article.Removed, b => Assert.Contains($"<code class=\"reason-code\">{b.Reason}</code>", html, StringComparison.Ordinal));
        Assert.Contains(article.Topics[0].Evidence[0], html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/blobs/{web.HtmlBlob}\"", html, StringComparison.Ordinal);
        Assert.True(html.IndexOf("<details class=\"removed-block\" data-index=\"0\"", StringComparison.Ordinal)
            < html.IndexOf($"data-index=\"{article.Removed.Count - 1}\"", StringComparison.Ordinal) || article.Removed.Count == 1);
    }

    [Fact]
    public async Task Article_EscapesMarkupFromTheArticle()
    {
        var html = await web.Http.GetStringAsync($"/articles/{web.HostileArticle.Id}");

        Assert.Contains("<script>", web.HostileArticle.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Gazette", html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(", html, StringComparison.Ordinal);
        Assert.Contains("&lt;img src=x onerror=alert(", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_ShowsAFailureWithItsStageAndReason()
    {
        var html = await web.Http.GetStringAsync($"/articles/{web.PngArticle.Id}");

        Assert.Contains("Failed at <code>ingest</code>", html, StringComparison.Ordinal);
        Assert.Contains(web.PngArticle.Failure!.Reason, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Article_Unknown_Is404()
    {
        using var unknown = await web.Http.GetAsync($"/articles/{new string('0', 32)}");
        using var malformed = await web.Http.GetAsync("/articles/not-an-id");

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, malformed.StatusCode);
    }

    [Fact]
    public async Task Blob_IsADownload_OfTheDroppedBytes_OnlyForKnownArticles()
    {
        using var response = await web.Http.GetAsync($"/blobs/{web.HtmlBlob}");
        using var unknown = await web.Http.GetAsync("/blobs/never-dropped.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Contains("Harbour authority approves night ferries", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Failures_ListsEachFailure_WithAReplayButton()
    {
        var html = await web.Http.GetStringAsync("/failures");

        Assert.Contains($"href=\"/failures/{web.PoisonedArticleId}/replay\"", html, StringComparison.Ordinal);
        Assert.Contains("stage-error", html, StringComparison.Ordinal);
        Assert.Contains($"href=\"/failures/{web.PngArticle.Id}/replay\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_AsksFirst_RefusesForeignPosts_ThenMovesThisArticlesPoisonedMessage()
    {
        var articleId = await web.PoisonAsync(web.Pipeline.Names.SegmentQueue);
        var confirm = await web.Http.GetStringAsync($"/failures/{articleId}/replay");
        Assert.Contains("Yes, replay", confirm, StringComparison.Ordinal);
        Assert.Contains($"value=\"{web.ReplayToken.Value}\"", confirm, StringComparison.Ordinal);

        using var forged = await web.Http.PostAsync($"/failures/{articleId}/replay", new FormUrlEncodedContent([new("token", "guess")]));
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);

        using var replayed = await web.Http.PostAsync($"/failures/{articleId}/replay", new FormUrlEncodedContent([new("token", web.ReplayToken.Value)]));
        var result = await replayed.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, replayed.StatusCode);
        Assert.Contains("Moved 1 message(s) back", result, StringComparison.Ordinal);
        Assert.Contains("segment-poison → segment: 1", result, StringComparison.Ordinal);

        // The host retries it (and, the payload still missing, it fails again into the poison queue).
        var poison = web.Pipeline.Connection.QueueService().GetQueueClient(ResourceNames.PoisonQueueOf(web.Pipeline.Names.SegmentQueue));
        await WebFixture.WaitUntilAsync(async () => (await poison.PeekMessagesAsync(32)).Value.Any(m => m.Body.ToString().Contains(articleId, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Replay_OfAContentFailure_MovesNothing_AndSaysWhy()
    {
        using var replayed = await web.Http.PostAsync($"/failures/{web.PngArticle.Id}/replay", new FormUrlEncodedContent([new("token", web.ReplayToken.Value)]));
        var result = await replayed.Content.ReadAsStringAsync();

        Assert.Contains("nothing moved", result, StringComparison.Ordinal);
        Assert.Contains("fix the file and drop it again", result, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StaticAssets_AreServed_AndUnknownOnesAre404()
    {
        using var css = await web.Http.GetAsync("/static/site.css");
        using var js = await web.Http.GetAsync("/static/live.js");
        using var missing = await web.Http.GetAsync("/static/nothing.js");

        Assert.Equal("text/css", css.Content.Headers.ContentType?.MediaType);
        Assert.Equal("text/javascript", js.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task ForeignHostNames_AreRefused()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Host = "attacker.example";
        using var response = await web.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Paging_WithContinuationTokens_ReachesEveryArticleOnce()
    {
        var browser = new ArticleBrowser(web.Pipeline.Connection, web.Pipeline.Names);
        var seen = new List<string>();
        string? next = null;
        var pages = 0;
        do
        {
            var page = await browser.PageAsync(new ArticleFilter(), next, pageSize: 2, CancellationToken.None);
            Assert.True(page.Articles.Count <= 2);
            seen.AddRange(page.Articles.Select(a => a.Id));
            next = page.Next;
            pages++;
        }
        while (next is not null && pages < 100);

        Assert.Equal(seen.Count, seen.Distinct().Count());
        Assert.Superset(new[] { web.HtmlArticle.Id, web.TextArticle.Id, web.HostileArticle.Id, web.PngArticle.Id, web.PoisonedArticleId }.ToHashSet(), seen.ToHashSet());
        Assert.True(pages >= 3);
    }

    [Fact]
    public async Task Paging_TitleSearchWithAStatus_AppliesBoth()
    {
        var browser = new ArticleBrowser(web.Pipeline.Connection, web.Pipeline.Names);

        var page = await browser.PageAsync(new ArticleFilter(Status: ArticleStatus.Failed, TitleContains: "river"), null, 10, CancellationToken.None);

        Assert.Empty(page.Articles);
        Assert.Null(page.Next);
    }
}
