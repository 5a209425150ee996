using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification;
using Pipeline.Core.Cleaning;
using Pipeline.Core.Segmentation;
using Pipeline.Storage;

namespace Pipeline.Processing;

/// <summary>
/// The clean, segment and classify stages as the queue functions run them: read the message, call the pure stage,
/// write with upserts, send on. A content rejection is recorded and completes the message; anything else throws so the
/// engine retries, and on the last attempt a failure record is written before the message goes to the poison queue.
/// </summary>
public sealed class StageProcessor(
    StorageConnection connection,
    ResourceNames names,
    ArticleWriter writer,
    ArticleReader reader,
    StageChannel channel,
    SimilarityIndex similarity,
    ClusterConvergence clusters,
    TopicClassifierProvider topics,
    IOptions<PipelineOptions> options,
    TimeProvider clock,
    ILogger<StageProcessor> logger)
{
    public const string CleanStage = ArticleStages.Clean;
    public const string SegmentStage = ArticleStages.Segment;
    public const string ClassifyStage = ArticleStages.Classify;

    private readonly BlobContainerClient articles = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer);

    /// <param name="body">The queue message.</param>
    /// <param name="attempt">The engine's dequeue count (1 on the first attempt).</param>
    /// <param name="sendNext">Sends a message body to the next stage's queue (the function's output binding).</param>
    /// <param name="cancellationToken">Host shutdown.</param>
    public Task CleanAsync(string body, int attempt, Func<string, Task> sendNext, CancellationToken cancellationToken) =>
        RunAsync(CleanStage, body, attempt, async message =>
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
            var outcome = StageBudget.Run(Budget, CleanStage, cancellationToken, budget => ArticleStages.CleanInspected(new SourceDocument(message.Blob, bytes), stages, budget));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (outcome.Rejection is { } rejection)
            {
                await RejectAsync(message, CleanStage, rejection, cancellationToken).ConfigureAwait(false);
                return;
            }

            await sendNext(await channel.PrepareAsync(names.SegmentQueue, Next(message, CleanStage, elapsed), outcome.Value!, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Log.StageDone(logger, CleanStage, message.ArticleId, elapsed);
        }, cancellationToken);

    public Task SegmentAsync(string body, int attempt, Func<string, Task> sendNext, CancellationToken cancellationToken) =>
        RunAsync(SegmentStage, body, attempt, async message =>
        {
            if (await channel.ReadPayloadAsync<CleanedArticle>(message, cancellationToken).ConfigureAwait(false) is not { } cleaned)
            {
                await ExplainMissingPayloadAsync(SegmentStage, message, cancellationToken).ConfigureAwait(false);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var segmented = StageBudget.Run(Budget, SegmentStage, cancellationToken, budget => ArticleStages.SegmentCleaned(cleaned, stages, budget));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await sendNext(await channel.PrepareAsync(names.ClassifyQueue, Next(message, SegmentStage, elapsed), segmented, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Log.StageDone(logger, SegmentStage, message.ArticleId, elapsed);
        }, cancellationToken);

    public Task ClassifyAsync(string body, int attempt, CancellationToken cancellationToken) =>
        RunAsync(ClassifyStage, body, attempt, async message =>
        {
            if (await channel.ReadPayloadAsync<SegmentedArticle>(message, cancellationToken).ConfigureAwait(false) is not { } segmented)
            {
                await ExplainMissingPayloadAsync(ClassifyStage, message, cancellationToken).ConfigureAwait(false);
                return;
            }

            var classifier = await topics.GetAsync(cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var classification = StageBudget.Run(Budget, ClassifyStage, cancellationToken, budget => ArticleStages.ClassifySegmented(segmented, classifier, budget));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var receivedAt = ReceivedAt(message);
            var cluster = await similarity.AssignClusterAsync(message.ArticleId, receivedAt, classification, cancellationToken).ConfigureAwait(false);
            var timings = new Dictionary<string, double>(message.Timings) { [ClassifyStage] = elapsed };
            var processedAt = clock.GetUtcNow();
            var record = ArticleRecord.FromStages(message.ArticleId, [message.Blob], segmented, classification, cluster.ClusterId, cluster.Similarity) with
            {
                Timings = timings.ToDictionary(t => t.Key, t => Math.Round(t.Value, 2)),
            };
            await writer.SaveProcessedAsync(record, receivedAt, processedAt, cancellationToken).ConfigureAwait(false);
            await clusters.ConvergeAsync(record.Id, cluster, cancellationToken).ConfigureAwait(false);
            if (message.PayloadBlob is not null)
            {
                // Stored: the claim-check payloads of this run (this stage's input, maybe the segment stage's) are done with.
                await channel.DeletePayloadsAsync(record.Id, [names.SegmentQueue, names.ClassifyQueue], cancellationToken).ConfigureAwait(false);
            }
            Log.Completed(logger, record.Id, record.Status, record.Title, record.Sentences.Count, (processedAt - receivedAt).TotalMilliseconds);
        }, cancellationToken);

    /// <summary>
    /// A claim-check payload that is gone: fine when the article is stored (a message redelivered after the run that
    /// stored it, which deleted the payloads), otherwise an error, retried and in the end recorded as a failure.
    /// </summary>
    private async Task ExplainMissingPayloadAsync(string stage, StageMessage message, CancellationToken cancellationToken)
    {
        if (await reader.GetSummaryAsync(message.ArticleId, cancellationToken).ConfigureAwait(false) is { Status: ArticleStatus.Processed or ArticleStatus.Duplicate })
        {
            Log.PayloadConsumed(logger, stage, message.ArticleId);
            return;
        }

        throw new InvalidOperationException($"The payload {message.PayloadBlob} of article {message.ArticleId} is missing from the work container, and the article is not stored.");
    }

    private TimeSpan Budget => TimeSpan.FromSeconds(options.Value.StageBudgetSeconds);

    private readonly ArticlePipelineOptions stages = options.Value.ToStageOptions();

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
        await RejectAsync(message, CleanStage, new Rejection("source-changed",
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

    private static StageMessage Next(StageMessage message, string stage, double elapsedMs) =>
        message with { Timings = new Dictionary<string, double>(message.Timings) { [stage] = elapsedMs }, Payload = null, PayloadBlob = null };

    private DateTimeOffset ReceivedAt(StageMessage message) =>
        DateTimeOffset.TryParse(message.ReceivedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value) ? value : clock.GetUtcNow();

    private async Task RejectAsync(StageMessage message, string stage, Rejection rejection, CancellationToken cancellationToken)
    {
        Log.Rejected(logger, message.Blob, message.ArticleId, stage, rejection.Code, rejection.Reason);
        await writer.SaveFailureAsync(message.ArticleId, message.Blob, new FailureRecord(stage, rejection.Code, rejection.Reason), ReceivedAt(message), blobETag: null, cancellationToken).ConfigureAwait(false);
    }

    private async Task RunAsync(string stage, string body, int attempt, Func<StageMessage, Task> work, CancellationToken cancellationToken)
    {
        // A message that does not parse has no article to record against: it fails and lands in the poison queue as is.
        var message = StageMessage.Parse(body);
        try
        {
            await work(message).ConfigureAwait(false);
        }
        catch (StageTooComplexException e)
        {
            // Past its time budget a stage would burn the same time on every retry: a content outcome, recorded once.
            await RejectAsync(message, stage, e.Rejection, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            var maxAttempts = options.Value.MaxDequeueCount;
            Log.StageFailed(logger, e, stage, message.ArticleId, attempt, maxAttempts);
            if (attempt >= maxAttempts)
            {
                var reason = $"{Describe(e)} (failed {attempt} times; the message is in the {ResourceNames.PoisonQueueOf(QueueOf(stage))} queue, `pipeline replay` retries it)";
                await writer.SaveFailureAsync(message.ArticleId, message.Blob, new FailureRecord(stage, "stage-error", reason), ReceivedAt(message), blobETag: null, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>One readable line: storage errors carry the whole HTTP response in their message.</summary>
    private static string Describe(Exception e) => e switch
    {
        Azure.RequestFailedException r => $"storage answered {r.Status} {r.ErrorCode}: {FirstLine(r.Message)}",
        _ => $"{e.GetType().Name}: {FirstLine(e.Message)}",
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private string QueueOf(string stage) => stage switch
    {
        CleanStage => names.CleanQueue,
        SegmentStage => names.SegmentQueue,
        _ => names.ClassifyQueue,
    };
}
