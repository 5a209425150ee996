using System.Diagnostics;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core;
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
    BlobIndex blobIndex,
    ArticleWriter writer,
    IOptions<StageOptions> stageOptions,
    IOptions<MessagingOptions> messaging,
    TimeProvider clock,
    ILogger<ArticleIngestor> logger)
{
    public const string StageName = ArticleStages.Inspect;

    private readonly BlobContainerClient articles = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer);

    /// <summary>Ingests the blob a submit message announces (the CLI's drop, reconciliation, reprocess).</summary>
    public Task IngestSubmittedAsync(string messageBody, Func<string, Task> sendToClean, CancellationToken cancellationToken)
    {
        var message = SubmitMessage.Parse(messageBody);
        if (!message.Force && message.ContentBase64 is { } content && message.ETag is { } etag)
        {
            // drop sent the version it had just created: nothing to download, and nothing in the index can be newer.
            var bytes = Convert.FromBase64String(content);
            return RegisterAsync(message.Blob, new Download(DownloadOutcome.Read, BinaryData.FromBytes(bytes), etag, bytes.Length), indexed: null, clock.GetUtcNow(), Stopwatch.GetTimestamp(),
                IngestRoutes.Submit, sendToClean, cancellationToken);
        }

        return IngestAsync(message.Blob, foundETag: null, message.Force, IngestRoutes.Submit, sendToClean, cancellationToken);
    }

    /// <summary>Ingests a blob the blob trigger found.</summary>
    /// <param name="blobName">The blob's name in the articles container.</param>
    /// <param name="force">Ingest even when the index says this version of the blob was ingested already (reprocess).</param>
    /// <param name="sendToClean">Sends a message body to the clean queue (the function's output binding).</param>
    /// <param name="cancellationToken">Host shutdown.</param>
    public Task IngestAsync(string blobName, bool force, Func<string, Task> sendToClean, CancellationToken cancellationToken) =>
        IngestAsync(blobName, foundETag: null, force, IngestRoutes.BlobTrigger, sendToClean, cancellationToken);

    /// <summary>
    /// Ingests a blob the blob trigger found, at the version the trigger read from its properties. The trigger also finds
    /// every file `drop` submitted, usually after the submit message ingested it: when this process saw that version
    /// indexed, that is settled without a request, and when another process indexed it (the submit message handled on
    /// another instance, a host restarted since), with the one lookup in the index. A blob that was not announced (another
    /// tool uploaded it) is new to the pipeline unless the trigger saw it before, which its receipts prevent: it skips
    /// that lookup, and should another route have ingested it after all (a reconciliation sweep, when the trigger lagged
    /// by more than its grace period), registration finds the article and the index its version, and nothing runs twice.
    /// </summary>
    /// <param name="blobName">The blob's name in the articles container.</param>
    /// <param name="blobETag">The version the trigger saw (null when it did not say).</param>
    /// <param name="announced">Whether the blob says it was announced on the submit queue (<see cref="ArticleUploader.WasAnnounced"/>).</param>
    /// <param name="sendToClean">Sends a message body to the clean queue.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public Task IngestFoundAsync(string blobName, string? blobETag, bool announced, Func<string, Task> sendToClean, CancellationToken cancellationToken)
    {
        if (blobIndex.RememberedArticle(blobName, blobETag) is { } articleId)
        {
            Log.AlreadyIngested(logger, blobName, articleId);
            return Task.CompletedTask;
        }

        return IngestAsync(blobName, blobETag, force: false, IngestRoutes.BlobTrigger, sendToClean, cancellationToken, lookUp: announced || blobETag is null);
    }

    // foundETag: the version the caller saw (the trigger's), when it said; indexed at that version, it stops without a read.
    // lookUp: false skips the index lookup (a blob no other route announced); registration and the index claim still
    // tell a repeat apart, at a few more requests than the lookup would have cost.
    private async Task IngestAsync(string blobName, string? foundETag, bool force, string route, Func<string, Task> sendToClean, CancellationToken cancellationToken, bool lookUp = true)
    {
        var started = Stopwatch.GetTimestamp();
        var receivedAt = clock.GetUtcNow();
        var limit = stageOptions.Value.MaxArticleBytes;

        // The same blob version reaches ingest more than once (the CLI's submit message and the trigger's scan, the
        // reconciliation sweep, redelivery): the index remembers the version last ingested. When the caller knows the
        // version it found (the trigger does), the lookup alone settles a repeat; otherwise a conditional read stops it
        // after one more request without downloading anything.
        var known = lookUp ? await blobIndex.FindAsync(blobName, cancellationToken).ConfigureAwait(false) : null;
        if (!force && known is not null && known.IsVersion(foundETag))
        {
            Log.AlreadyIngested(logger, blobName, known.ArticleId);
            return;
        }

        var download = await DownloadAsync(articles.GetBlobClient(blobName), force ? null : known?.BlobETag, limit, cancellationToken).ConfigureAwait(false);
        switch (download.Outcome)
        {
            case DownloadOutcome.Unchanged:
                Log.AlreadyIngested(logger, blobName, known!.ArticleId);
                return;
            case DownloadOutcome.Missing:
                // Announced, then deleted before anyone read it: a content outcome, recorded once, never retried.
                var missingId = ArticleId.FromBlobName(blobName, "blob-missing");
                const string reason = "The blob was deleted (or renamed) before it could be read; nothing was ingested. Drop the file again to process it.";
                if (await writer.RecordMissingBlobAsync(missingId, blobName, reason, receivedAt, cancellationToken).ConfigureAwait(false))
                {
                    Log.Rejected(logger, blobName, missingId, StageName, "blob-missing", reason);
                }

                return;
        }

        await RegisterAsync(blobName, download, lookUp ? new BlobIndexRead(known) : null, receivedAt, started, route, sendToClean, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Checks the bytes of a version that was read, and records them as an article handed to the clean stage.</summary>
    private async Task RegisterAsync(string blobName, Download download, BlobIndexRead? indexed, DateTimeOffset receivedAt, long started, string route, Func<string, Task> sendToClean, CancellationToken cancellationToken)
    {
        var stages = stageOptions.Value.ToStageOptions();
        if (download.Outcome == DownloadOutcome.TooLarge)
        {
            // The id of a file we never read comes from its name and version (ETag).
            var tooLarge = ArticleStages.TooLarge(download.Length, stages.MaxArticleBytes);
            await RejectAsync(ArticleId.FromBlobName(blobName, download.ETag), blobName, download.ETag, tooLarge.Code, tooLarge.Reason, receivedAt, cancellationToken).ConfigureAwait(false);
            return;
        }

        // The inspect step of the one stage sequence; the clean stage trusts what passes here.
        var bytes = download.Content!.ToMemory();
        var articleId = ArticleId.FromContent(bytes.Span);
        if (ArticleStages.InspectContent(bytes.Span, stages) is { } rejection)
        {
            await RejectAsync(articleId, blobName, download.ETag, rejection.Code, rejection.Reason, receivedAt, cancellationToken).ConfigureAwait(false);
            return;
        }

        // Small files ride inline to the clean stage (one download fewer); the id is a hash of exactly these bytes.
        var inline = bytes.Length * 4 / 3 < messaging.Value.InlinePayloadLimitBytes - 1_000;
        var payload = inline ? ArticleJson.Serialize(new RawPayload(Convert.ToBase64String(bytes.Span))) : null;
        var registration = await writer.RegisterBlobAsync(
            articleId, blobName, download.ETag, receivedAt, indexed, route,
            (rowReceivedAt, rowVersion) => sendToClean(new StageMessage
            {
                ArticleId = articleId,
                Blob = blobName,
                ReceivedAt = rowReceivedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                RowVersion = rowVersion,
                Timings = new() { [StageName] = Stopwatch.GetElapsedTime(started).TotalMilliseconds },
                Payload = payload,
            }.ToJson()),
            cancellationToken).ConfigureAwait(false);
        if (registration.LeftTo is { } registrant)
        {
            Log.LeftToOtherRoute(logger, blobName, articleId, registrant);
            return;
        }

        Log.Ingested(logger, blobName, articleId, registration.IsNew);
    }

    /// <summary>
    /// One request: the blob's bytes and version, or that it is unchanged since <paramref name="ifNoneMatch"/>, missing,
    /// or over <paramref name="limit"/> (known from the response headers before the body is read).
    /// </summary>
    private static async Task<Download> DownloadAsync(BlobClient blob, string? ifNoneMatch, long limit, CancellationToken cancellationToken)
    {
        try
        {
            return await StorageResilience.RunAsync(async ct =>
            {
                var options = new BlobDownloadOptions
                {
                    Conditions = ifNoneMatch is null ? null : new BlobRequestConditions { IfNoneMatch = new ETag(ifNoneMatch) },
                };
                var answer = await blob.DownloadStreamingAsync(options, ct).ConfigureAwait(false);
                if (answer.GetRawResponse().Status == 304)
                {
                    // Not an exception in this SDK: a response with no body, whose Value would throw.
                    return new Download(DownloadOutcome.Unchanged, null, ifNoneMatch!, 0);
                }

                using var response = answer.Value;
                var etag = response.Details.ETag.ToString();
                var length = response.Details.ContentLength;
                if (length > limit)
                {
                    return new Download(DownloadOutcome.TooLarge, null, etag, length);
                }

                var content = await BinaryData.FromStreamAsync(response.Content, ct).ConfigureAwait(false);
                return content.ToMemory().Length > limit
                    ? new Download(DownloadOutcome.TooLarge, null, etag, content.ToMemory().Length)
                    : new Download(DownloadOutcome.Read, content, etag, content.ToMemory().Length);
            }, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return new Download(DownloadOutcome.Missing, null, string.Empty, 0);
        }
    }

    private async Task RejectAsync(string articleId, string blobName, string blobETag, string code, string reason, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        Log.Rejected(logger, blobName, articleId, StageName, code, reason);
        await writer.SaveFailureAsync(articleId, blobName, new FailureRecord(StageName, code, reason), receivedAt, blobETag, cancellationToken).ConfigureAwait(false);
    }

    private enum DownloadOutcome
    {
        Read,
        Unchanged,
        Missing,
        TooLarge,
    }

    private sealed record Download(DownloadOutcome Outcome, BinaryData? Content, string ETag, long Length);
}
