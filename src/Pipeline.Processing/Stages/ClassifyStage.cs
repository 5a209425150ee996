using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Core.Articles;
using Pipeline.Core.Segmentation;
using Pipeline.Storage;

namespace Pipeline.Processing.Stages;

/// <summary>
/// The classify step as the queue function runs it: the pure classify step, then what needs the store: the
/// near-duplicate cluster, the article and its query rows, and cluster convergence.
/// </summary>
public sealed class ClassifyStage(
    ResourceNames names,
    StageChannel channel,
    MissingPayloads missing,
    ArticleWriter writer,
    SimilarityIndex similarity,
    ClusterConvergence clusters,
    TopicClassifierProvider topics,
    StageRunner runner,
    TimeProvider clock,
    ILogger<ClassifyStage> logger)
{
    /// <param name="body">The queue message.</param>
    /// <param name="attempt">The engine's dequeue count (1 on the first attempt).</param>
    /// <param name="cancellationToken">Host shutdown.</param>
    public Task RunAsync(string body, int attempt, CancellationToken cancellationToken) =>
        runner.RunAsync(ArticleStages.Classify, body, attempt, async message =>
        {
            if (await channel.ReadPayloadAsync<SegmentedArticle>(message, cancellationToken).ConfigureAwait(false) is not { } segmented)
            {
                await missing.ExplainAsync(ArticleStages.Classify, message, cancellationToken).ConfigureAwait(false);
                return;
            }

            var classifier = await topics.GetAsync(cancellationToken).ConfigureAwait(false);
            var started = Stopwatch.GetTimestamp();
            var classification = StageBudget.Run(runner.Budget, ArticleStages.Classify, cancellationToken, budget => ArticleStages.ClassifySegmented(segmented, classifier, budget));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

            var receivedAt = runner.ReceivedAt(message);
            var cluster = await similarity.AssignClusterAsync(message.ArticleId, receivedAt, classification, cancellationToken).ConfigureAwait(false);
            var timings = new Dictionary<string, double>(message.Timings) { [ArticleStages.Classify] = elapsed };
            var processedAt = clock.GetUtcNow();
            var record = ArticleRecord.FromStages(message.ArticleId, [message.Blob], segmented, classification, cluster.ClusterId, cluster.Similarity) with
            {
                Timings = timings.ToDictionary(t => t.Key, t => Math.Round(t.Value, 2)),
            };
            await writer.SaveProcessedAsync(record, receivedAt, processedAt, message.RowVersion, cancellationToken).ConfigureAwait(false);
            await clusters.ConvergeAsync(record.Id, cluster, cancellationToken).ConfigureAwait(false);
            if (message.PayloadBlob is not null)
            {
                // Stored: the claim-check payloads of this run (this stage's input, maybe the segment stage's) are done with.
                await channel.DeletePayloadsAsync(record.Id, [names.SegmentQueue, names.ClassifyQueue], cancellationToken).ConfigureAwait(false);
            }

            Log.Completed(logger, record.Id, record.Status, record.Title, record.Sentences.Count, (processedAt - receivedAt).TotalMilliseconds);
        }, cancellationToken);
}
