using System.Diagnostics;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Processing.Stages;

/// <summary>
/// The clean step as the queue function runs it: the article's bytes (inline from ingest, else from its blob, checked
/// against the id), the pure clean step, and the result sent on to the segment queue.
/// </summary>
public sealed class CleanStage(StorageConnection connection, ResourceNames names, ArticleReader reader, StageChannel channel, StageRunner runner, ILogger<CleanStage> logger)
{
    private readonly BlobContainerClient articles = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer);

    /// <param name="body">The queue message.</param>
    /// <param name="attempt">The engine's dequeue count (1 on the first attempt).</param>
    /// <param name="sendNext">Sends a message body to the segment queue (the function's output binding).</param>
    /// <param name="cancellationToken">Host shutdown.</param>
    public Task RunAsync(string body, int attempt, Func<string, Task> sendNext, CancellationToken cancellationToken) =>
        runner.RunAsync(ArticleStages.Clean, body, attempt, async message =>
        {
            var bytes = message.Payload is not null
                ? Convert.FromBase64String(ArticleJson.Deserialize<RawPayload>(message.Payload).ContentBase64)
                : await ReadSourceAsync(message, cancellationToken).ConfigureAwait(false);
            if (bytes is null)
            {
                return; // the source changed under this article: recorded, and the new content goes through ingest
            }

            var started = Stopwatch.GetTimestamp();

            // Ingest inspected these bytes (the id is their hash, checked above when they come from the blob).
            var outcome = StageBudget.Run(runner.Budget, ArticleStages.Clean, cancellationToken, budget => ArticleStages.CleanInspected(new SourceDocument(message.Blob, bytes), runner.Steps, budget));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (outcome.Rejection is { } rejection)
            {
                await runner.RejectAsync(message, ArticleStages.Clean, rejection, cancellationToken).ConfigureAwait(false);
                return;
            }

            await sendNext(await channel.PrepareAsync(names.SegmentQueue, StageRunner.Next(message, ArticleStages.Clean, elapsed), outcome.Value!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Log.StageDone(logger, ArticleStages.Clean, message.ArticleId, elapsed);
        }, cancellationToken);

    /// <summary>
    /// The article's bytes from its blob, checked against the id (a hash of the content): a blob overwritten since ingest
    /// holds another article, whose bytes must never be processed under this id. Another name of the same content is
    /// used if one still holds it; otherwise this article is recorded as <c>source-changed</c> and the blob is announced
    /// to ingest, which makes the new content its own article and marks this one superseded by it.
    /// </summary>
    private async Task<byte[]?> ReadSourceAsync(StageMessage message, CancellationToken cancellationToken)
    {
        var candidates = new List<string> { message.Blob };
        for (var i = 0; i < candidates.Count; i++)
        {
            var bytes = await TryDownloadAsync(candidates[i], cancellationToken).ConfigureAwait(false);
            if (bytes is not null && ArticleId.FromContent(bytes) == message.ArticleId)
            {
                return bytes;
            }

            if (i == 0 && await reader.GetSummaryAsync(message.ArticleId, cancellationToken).ConfigureAwait(false) is { } stored)
            {
                candidates.AddRange(stored.Blobs.Where(b => b != message.Blob));
            }
        }

        await channel.SendRawAsync(names.SubmitQueue, new SubmitMessage { Blob = message.Blob }.ToJson(), cancellationToken).ConfigureAwait(false);
        await runner.RejectAsync(message, ArticleStages.Clean, new Rejection("source-changed",
            $"The blob {message.Blob} no longer holds this article's content (it was overwritten or deleted before cleaning); the new content, if any, is ingested as its own article."),
            cancellationToken).ConfigureAwait(false);
        return null;
    }

    private async Task<byte[]?> TryDownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            return (await StorageResilience.RunAsync(
                async ct => (await articles.GetBlobClient(blobName).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content,
                cancellationToken).ConfigureAwait(false)).ToArray();
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
