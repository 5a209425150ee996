using System.Text;
using Azure.Storage.Queues;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>Bad input never crash-loops and never vanishes: each gets a failure record, and the dropped blob stays.</summary>
[Collection(PipelineCollection.Name)]
public sealed class BadInputTests(PipelineFixture fixture)
{
    public static TheoryData<string, string, string> Cases => new()
    {
        { "empty", ".txt", "empty" },
        { "png", ".png", "binary" },
        { "zip", ".txt", "binary" },
        { "broken-record", ".json", "invalid-json" },
        { "undecodable", ".txt", "undecodable" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task BadFile_GetsFailureRecord_AndBlobIsKept(string kind, string extension, string expectedCode)
    {
        var blob = PipelineFixture.UniqueName(extension);
        var marker = Encoding.UTF8.GetBytes(blob);
        byte[] content = kind switch
        {
            "empty" => [],
            "png" => [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, .. marker],
            "zip" => [0x50, 0x4B, 0x03, 0x04, 20, 0, 0, 0, 8, 0, .. marker],
            // Bytes that Windows-1252 and -1251 leave undefined, too many to be stray errors in UTF-8 or ISO-8859-2 text.
            "undecodable" => [.. Enumerable.Repeat<byte[]>([.. "Text with broken bytes "u8, 0x81, 0x8D, 0x8F, 0x90, 0x9D, 0x98, 0x20], 20).SelectMany(b => b), .. marker],
            _ => Encoding.UTF8.GetBytes("{\"headline\": \"no text or html here\", \"id\": \"" + blob + "\"}"),
        };

        await fixture.DropAsync(blob, content);
        var record = await fixture.WaitForArticleAsync(blob);

        Assert.Equal(ArticleStatus.Failed, record.Status);
        Assert.NotNull(record.Failure);
        Assert.Equal(expectedCode, record.Failure!.Code);
        Assert.False(string.IsNullOrWhiteSpace(record.Failure.Reason));
        Assert.True(await BlobExistsAsync(blob));
        var failures = (await fixture.Reader.ListFailuresAsync(CancellationToken.None)).Where(f => f.ArticleId == record.Id);
        Assert.Contains(failures, f => f.Failure.Code == expectedCode && f.Blob == blob);
    }

    [Fact]
    public async Task FileOverSizeLimit_IsRejectedWithoutBeingRead()
    {
        var blob = PipelineFixture.UniqueName(".txt");
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("A long line of text that repeats. ", (int)(PipelineFixture.MaxArticleBytes / 20))));
        await fixture.DropRawAsync(blob, content);

        var record = await fixture.WaitForArticleAsync(blob, sweepAfter: TimeSpan.FromSeconds(20));

        Assert.Equal(ArticleStatus.Failed, record.Status);
        Assert.Equal("too-large", record.Failure!.Code);
        Assert.Contains("limit", record.Failure.Reason, StringComparison.Ordinal);
        Assert.True(await BlobExistsAsync(blob));
    }

    [Fact]
    public async Task StageThatKeepsFailing_EndsInPoisonQueue_WithFailureRecord()
    {
        // A segment message whose claim-check blob does not exist: the stage throws on every attempt.
        var articleId = ArticleId.FromContent(Guid.NewGuid().ToByteArray());
        var blob = PipelineFixture.UniqueName(".txt");
        var message = new StageMessage { ArticleId = articleId, Blob = blob, PayloadBlob = $"payloads/{articleId}/missing.json", ReceivedAt = DateTimeOffset.UtcNow.ToString("O") };
        await fixture.Channel.SendRawAsync(fixture.Names.SegmentQueue, message.ToJson(), CancellationToken.None);

        ArticleRecord? record = null;
        await PipelineEndToEndTests.WaitUntilAsync(async () =>
        {
            record = await fixture.Reader.LoadRecordAsync(articleId, CancellationToken.None);
            return record?.Status == ArticleStatus.Failed;
        });
        Assert.Equal("segment", record!.Failure!.Stage);
        Assert.Equal("stage-error", record.Failure.Code);
        Assert.Contains("segment-poison", record.Failure.Reason, StringComparison.Ordinal);

        var poison = fixture.Connection.QueueService().GetQueueClient(ResourceNames.PoisonQueueOf(fixture.Names.SegmentQueue));
        await PipelineEndToEndTests.WaitUntilAsync(async () =>
        {
            var peeked = await poison.PeekMessagesAsync(32);
            return peeked.Value.Any(m => m.Body.ToString().Contains(articleId, StringComparison.Ordinal));
        });
    }

    private async Task<bool> BlobExistsAsync(string blob) =>
        (await fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.ArticlesContainer).GetBlobClient(blob).ExistsAsync()).Value;
}
