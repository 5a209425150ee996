using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core.Articles;
using Pipeline.Core.Decoding;
using Pipeline.Storage;

namespace Pipeline.Processing;

/// <summary>The bytes of a small dropped file, carried inline to the clean stage so it need not download them again.</summary>
public sealed record RawPayload(string ContentBase64);

/// <summary>
/// Ingest: validate a dropped blob, derive its article id from its content, record it as received and hand it to the
/// clean stage. Reached from the blob trigger and from the submit queue; both may see the same blob, which is why
/// registration is idempotent. The dropped blob is only ever read.
/// </summary>
public sealed class ArticleIngestor(
    StorageConnection connection,
    ResourceNames names,
    ArticleStore store,
    IOptions<PipelineOptions> options,
    TimeProvider clock,
    ILogger<ArticleIngestor> logger)
{
    public const string StageName = "ingest";

    private readonly BlobContainerClient articles = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer);

    /// <param name="blobName">The blob's name in the articles container.</param>
    /// <param name="knownLength">The blob's length if the trigger already knows it (saves a request).</param>
    /// <param name="sendToClean">Sends a message body to the clean queue (the function's output binding).</param>
    /// <param name="cancellationToken">Host shutdown.</param>
    public async Task IngestAsync(string blobName, long? knownLength, Func<string, Task> sendToClean, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var receivedAt = clock.GetUtcNow();
        var blob = articles.GetBlobClient(blobName);
        var limit = options.Value.MaxArticleBytes;

        var properties = knownLength is null ? await GetPropertiesAsync(blob, cancellationToken).ConfigureAwait(false) : null;
        var length = knownLength ?? properties!.ContentLength;
        if (length > limit)
        {
            // The id of a file we never read comes from its name and version (ETag).
            properties ??= await GetPropertiesAsync(blob, cancellationToken).ConfigureAwait(false);
            var id = ArticleId.FromBlobName(blobName, properties.ETag.ToString());
            await RejectAsync(id, blobName, "too-large",
                $"The file is {length:N0} bytes, over the {limit:N0}-byte limit (setting Pipeline__MaxArticleBytes); it was not read.",
                receivedAt, cancellationToken).ConfigureAwait(false);
            return;
        }

        BinaryData content;
        try
        {
            content = await StorageResilience.RunAsync(
                async ct => (await blob.DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content,
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            // Deleted by the user between the drop and now: there is nothing to ingest and nothing was lost by us.
            Log.Rejected(logger, blobName, "-", StageName, "gone", "The blob was deleted before it could be read.");
            return;
        }

        var bytes = content.ToMemory();
        var articleId = ArticleId.FromContent(bytes.Span);
        if (bytes.Length > limit)
        {
            await RejectAsync(articleId, blobName, "too-large",
                $"The file is {bytes.Length:N0} bytes, over the {limit:N0}-byte limit (setting Pipeline__MaxArticleBytes).",
                receivedAt, cancellationToken).ConfigureAwait(false);
            return;
        }

        if (ContentInspector.Inspect(bytes.Span[..Math.Min(bytes.Length, 8192)], bytes.Length) is { } rejection)
        {
            await RejectAsync(articleId, blobName, rejection.Code, rejection.Reason, receivedAt, cancellationToken).ConfigureAwait(false);
            return;
        }

        var header = new StageMessage
        {
            ArticleId = articleId,
            Blob = blobName,
            ReceivedAt = receivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            Timings = new() { [StageName] = Stopwatch.GetElapsedTime(started).TotalMilliseconds },
        };

        // Small files ride inline to the clean stage (one download fewer); the id is a hash of exactly these bytes.
        var inline = bytes.Length * 4 / 3 < options.Value.InlinePayloadLimitBytes - 1_000;
        var message = inline
            ? header with { Payload = ArticleJson.Serialize(new RawPayload(Convert.ToBase64String(bytes.Span))) }
            : header;
        var isNew = await store.RegisterBlobAsync(
            articleId, blobName, receivedAt,
            () => sendToClean(message.ToJson()),
            cancellationToken).ConfigureAwait(false);
        Log.Ingested(logger, blobName, articleId, isNew);
    }

    private static async Task<Azure.Storage.Blobs.Models.BlobProperties> GetPropertiesAsync(BlobClient blob, CancellationToken cancellationToken) =>
        await StorageResilience.RunAsync(
            async ct => (await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value,
            cancellationToken).ConfigureAwait(false);

    private async Task RejectAsync(string articleId, string blobName, string code, string reason, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        Log.Rejected(logger, blobName, articleId, StageName, code, reason);
        await store.SaveFailureAsync(articleId, blobName, new FailureRecord(StageName, code, reason), receivedAt, cancellationToken).ConfigureAwait(false);
    }
}
