using System.Text;
using Azure.Data.Tables;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

[Collection(PipelineCollection.Name)]
public sealed class PipelineEndToEndTests(PipelineFixture fixture)
{
    [Fact]
    public void TheHostsOutputBindings_WakeItsOwnQueueListeners()
    {
        // The queue extension leaves its output bindings' watcher unset; without the connection every hop waits for a poll.
        Assert.True(Functions.InHostQueueWake.IsConnected(fixture.Service<IServiceProvider>()));
    }

    [Fact]
    public async Task Html_DroppedIntoContainer_IsFoundByTheBlobTriggerOrTheSweep_AndReachesTables()
    {
        var blob = PipelineFixture.UniqueName(".html");
        await fixture.DropRawAsync(blob, TestArticles.Html(blob));

        var record = await fixture.WaitForArticleAsync(blob, sweepAfter: TimeSpan.FromSeconds(20));

        Assert.Equal(ArticleStatus.Processed, record.Status);
        Assert.Equal([blob], record.Blobs);
        Assert.Contains("night ferries", record.Title, StringComparison.OrdinalIgnoreCase);
        Assert.Equal("en", record.Language);
        Assert.NotNull(record.Text);
        Assert.Contains("shift workers", record.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Accept all cookies", record.Text, StringComparison.Ordinal);
        Assert.NotEmpty(record.Removed);
        Assert.NotEmpty(record.Topics);
        Assert.All(record.Sentences, s => Assert.Equal(s.Text, record.Text![s.Start..s.End]));
    }

    [Fact]
    public async Task ALargeArticle_TravelsByClaimCheck_AndItsPayloadsAreDeletedOnceStored()
    {
        // About 70 KB of distinct prose: the stage payloads are over the 40 KB a queue message carries inline.
        var blob = PipelineFixture.UniqueName(".txt");
        var text = new StringBuilder($"A long report on the harbour budget ({blob})\n\n");
        for (var i = 0; i < 400; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"Paragraph {i} of the report says the harbour board spent {i * 37 % 1000} thousand on item {i}, which the auditors checked in week {i % 52}.\n\n");
        }

        await fixture.DropAsync(blob, Encoding.UTF8.GetBytes(text.ToString()));
        var record = await fixture.WaitForArticleAsync(blob);

        Assert.Contains(record.Status, new[] { ArticleStatus.Processed, ArticleStatus.Duplicate });
        Assert.True(record.Sentences.Count >= 400);
        Assert.True(Encoding.UTF8.GetByteCount(record.Text!) > new MessagingOptions().InlinePayloadLimitBytes, "the text alone must be over the inline limit, so the payloads went by claim-check");
        // The classify stage deletes the payloads just after it has stored the article (never before: a failed store is
        // retried from them), so the row can be seen a moment before they are gone.
        var work = fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.WorkContainer);
        var left = new List<string>();
        for (var clock = System.Diagnostics.Stopwatch.StartNew(); clock.Elapsed < TimeSpan.FromSeconds(15); await Task.Delay(100))
        {
            left.Clear();
            await foreach (var item in work.GetBlobsAsync(Azure.Storage.Blobs.Models.BlobTraits.None, Azure.Storage.Blobs.Models.BlobStates.None, $"payloads/{record.Id}/", CancellationToken.None))
            {
                left.Add(item.Name);
            }

            if (left.Count == 0)
            {
                break;
            }
        }

        Assert.Empty(left);
    }

    [Fact]
    public async Task Text_DroppedWithCli_WritesOneSentenceRowPerSentence()
    {
        var blob = PipelineFixture.UniqueName(".txt");
        await fixture.DropAsync(blob, TestArticles.Text(blob));

        var record = await fixture.WaitForArticleAsync(blob);

        // Other tests drop the same story with another marker, so this copy may be flagged as their near-duplicate.
        Assert.Contains(record.Status, new[] { ArticleStatus.Processed, ArticleStatus.Duplicate });
        Assert.Contains("river path", record.Title, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Subscribe to our newsletter", record.Text, StringComparison.Ordinal);
        var rows = await fixture.Reader.SentencesAsync(record.Id, 1000, CancellationToken.None);
        Assert.Equal(record.Sentences.Count, rows.Count);
        Assert.Equal(record.Sentences.Select(s => s.Text), rows.OrderBy(r => r.Index).Select(r => r.Text));
    }

    [Fact]
    public async Task Json_CrawlerRecord_TakesMetadataFromTheRecord()
    {
        var blob = PipelineFixture.UniqueName(".json");
        await fixture.DropAsync(blob, TestArticles.Json(blob));

        var record = await fixture.WaitForArticleAsync(blob);

        Assert.Equal(ArticleStatus.Processed, record.Status);
        Assert.Equal("Library extends weekend opening hours", record.Title);
        Assert.Equal("Valley Courier", record.Outlet);
        Assert.StartsWith("2026-05-02", record.Published, StringComparison.Ordinal);
        Assert.Contains("open on Sundays", record.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SameContent_UnderTwoNames_IsRecordedOnceWithBothNames()
    {
        var first = PipelineFixture.UniqueName(".txt");
        var second = PipelineFixture.UniqueName(".txt");
        var content = TestArticles.Text(first);

        await fixture.DropAsync(first, content);
        var original = await fixture.WaitForArticleAsync(first);
        await fixture.DropAsync(second, content);
        await WaitUntilAsync(async () => (await fixture.Reader.LoadRecordAsync(original.Id, CancellationToken.None))!.Blobs.Count == 2);

        var record = await fixture.Reader.LoadRecordAsync(original.Id, CancellationToken.None);
        Assert.Equal([first, second], record!.Blobs);
        Assert.Equal(original.Id, await fixture.BlobIndex.FindArticleIdAsync(second, CancellationToken.None));
        var rows = await fixture.Reader.SentencesAsync(original.Id, 1000, CancellationToken.None);
        Assert.Equal(original.Sentences.Count, rows.Count);
    }

    [Fact]
    public async Task CleanMessage_DeliveredTwice_ChangesNothing()
    {
        var blob = PipelineFixture.UniqueName(".txt");
        var content = TestArticles.Text(blob);
        await fixture.DropAsync(blob, content);
        var first = await fixture.WaitForArticleAsync(blob);

        // At-least-once delivery: replay the clean message by hand; the article must come out identical.
        var replay = new StageMessage { ArticleId = first.Id, Blob = blob, ReceivedAt = DateTimeOffset.UtcNow.ToString("O") };
        await fixture.Channel.SendRawAsync(fixture.Names.CleanQueue, replay.ToJson(), CancellationToken.None);
        await WaitUntilAsync(async () => (await fixture.Reader.LoadRecordAsync(first.Id, CancellationToken.None))!.ProcessedAt != first.ProcessedAt);

        var second = await fixture.Reader.LoadRecordAsync(first.Id, CancellationToken.None);
        Assert.Equal(first.Text, second!.Text);
        Assert.Equal(first.Sentences, second.Sentences);
        Assert.Equal(first.Blobs, second.Blobs);
        var rows = await fixture.Reader.SentencesAsync(first.Id, 1000, CancellationToken.None);
        Assert.Equal(first.Sentences.Count, rows.Count);
    }

    [Fact]
    public async Task LightlyEditedCopy_JoinsTheOriginalsCluster_AndADifferentStoryDoesNot()
    {
        var story = $"Reservoir levels fall to a ten-year low {Guid.NewGuid():N}";
        var body = string.Join("\n\n",
            $"{story}",
            "Water in the northern reservoirs has fallen to its lowest level in ten years after the driest spring since records began, the water board said on Thursday.",
            "The board asked households to stop watering gardens and washing cars until further notice. Farmers will be allowed to draw water for two days a week instead of four.",
            "\"We are not yet in a crisis, but we are closer than we have been for a decade,\" said Karin Holm, the board's director of operations.",
            "Rain is forecast for next week, but meteorologists say it will not be enough to refill the reservoirs before summer.");
        var original = PipelineFixture.UniqueName(".txt");
        var copy = PipelineFixture.UniqueName(".txt");
        var other = PipelineFixture.UniqueName(".txt");

        await fixture.DropAsync(original, Encoding.UTF8.GetBytes(body));
        var first = await fixture.WaitForArticleAsync(original);
        await fixture.DropAsync(copy, Encoding.UTF8.GetBytes(body.Replace("on Thursday", "on Thursday morning", StringComparison.Ordinal) + "\n\nThis story was first published by the Northern Herald."));
        var second = await fixture.WaitForArticleAsync(copy);
        await fixture.DropAsync(other, TestArticles.Json(other));
        var third = await fixture.WaitForArticleAsync(other);

        Assert.Equal(first.Id, first.ClusterId);
        Assert.Equal(ArticleStatus.Duplicate, second.Status);
        Assert.Equal(first.Id, second.ClusterId);
        Assert.InRange(second.Similarity!.Value, 0.5, 1.0);
        Assert.NotEqual(first.ClusterId, third.ClusterId);
        var members = await fixture.Reader.ClusterMembersAsync(first.Id, 10, CancellationToken.None);
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), members.Select(m => m.ArticleId).Order(StringComparer.Ordinal));
    }

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition, int seconds = 60)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException("The condition did not become true in time.");
            }

            await Task.Delay(200);
        }
    }
}
