using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Pipeline.Core;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Processing.Stages;

/// <summary>The segment step as the queue function runs it: the cleaned article in, the segmented one sent on to classify.</summary>
public sealed class SegmentStage(ResourceNames names, StageChannel channel, MissingPayloads missing, StageRunner runner, ILogger<SegmentStage> logger)
{
    /// <param name="body">The queue message.</param>
    /// <param name="attempt">The engine's dequeue count (1 on the first attempt).</param>
    /// <param name="sendNext">Sends a message body to the classify queue (the function's output binding).</param>
    /// <param name="cancellationToken">Host shutdown.</param>
    public Task RunAsync(string body, int attempt, Func<string, Task> sendNext, CancellationToken cancellationToken) =>
        runner.RunAsync(ArticleStages.Segment, body, attempt, async message =>
        {
            if (await channel.ReadPayloadAsync<CleanedArticle>(message, cancellationToken).ConfigureAwait(false) is not { } cleaned)
            {
                await missing.ExplainAsync(ArticleStages.Segment, message, cancellationToken).ConfigureAwait(false);
                return;
            }

            var started = Stopwatch.GetTimestamp();
            var segmented = StageBudget.Run(runner.Budget, ArticleStages.Segment, cancellationToken, budget => ArticleStages.SegmentCleaned(cleaned, runner.Steps, budget));
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            await sendNext(await channel.PrepareAsync(names.ClassifyQueue, StageRunner.Next(message, ArticleStages.Segment, elapsed), segmented, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            Log.StageDone(logger, ArticleStages.Segment, message.ArticleId, elapsed);
        }, cancellationToken);
}
