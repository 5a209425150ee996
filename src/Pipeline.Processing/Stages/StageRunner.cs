using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Core;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Processing.Stages;

/// <summary>
/// What every queue stage shares: parse the message, run the step, record content rejections once, and let anything
/// else throw so the engine retries; on the last attempt a failure record is written before the message goes to the
/// poison queue. Also the settings of the pure steps and each step's time budget.
/// </summary>
public sealed class StageRunner(ResourceNames names, ArticleWriter writer, IOptions<StageOptions> stageOptions, IOptions<MessagingOptions> messaging, TimeProvider clock, ILogger<StageRunner> logger)
{
    /// <summary>The options of the pure steps, from the hosts' settings.</summary>
    public ArticlePipelineOptions Steps { get; } = stageOptions.Value.ToStageOptions();

    /// <summary>The time one step may spend on one article.</summary>
    public TimeSpan Budget => TimeSpan.FromSeconds(stageOptions.Value.StageBudgetSeconds);

    /// <param name="stage">The step's name (<see cref="ArticleStages"/>).</param>
    /// <param name="body">The queue message.</param>
    /// <param name="attempt">The engine's dequeue count (1 on the first attempt).</param>
    /// <param name="work">The step.</param>
    /// <param name="cancellationToken">Host shutdown.</param>
    public async Task RunAsync(string stage, string body, int attempt, Func<StageMessage, Task> work, CancellationToken cancellationToken)
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
            var maxAttempts = messaging.Value.MaxDequeueCount;
            Log.StageFailed(logger, e, stage, message.ArticleId, attempt, maxAttempts);
            if (attempt >= maxAttempts)
            {
                var reason = $"{Describe(e)} (failed {attempt} times; the message is in the {ResourceNames.PoisonQueueOf(QueueOf(stage))} queue, `pipeline replay` retries it)";
                await writer.SaveFailureAsync(message.ArticleId, message.Blob, new FailureRecord(stage, "stage-error", reason), ReceivedAt(message), blobETag: null, CancellationToken.None).ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>Records a content outcome (the article is failed with this reason), once; the message completes.</summary>
    public async Task RejectAsync(StageMessage message, string stage, Rejection rejection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(rejection);
        Log.Rejected(logger, message.Blob, message.ArticleId, stage, rejection.Code, rejection.Reason);
        await writer.SaveFailureAsync(message.ArticleId, message.Blob, new FailureRecord(stage, rejection.Code, rejection.Reason), ReceivedAt(message), blobETag: null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The message for the next step: this step's time added, the payload to be filled in by the channel.</summary>
    public static StageMessage Next(StageMessage message, string stage, double elapsedMs)
    {
        ArgumentNullException.ThrowIfNull(message);
        return message with { Timings = new Dictionary<string, double>(message.Timings) { [stage] = elapsedMs }, Payload = null, PayloadBlob = null };
    }

    /// <summary>When ingest received the article (now, for a message that lost it).</summary>
    public DateTimeOffset ReceivedAt(StageMessage message) =>
        DateTimeOffset.TryParse(message?.ReceivedAt, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var value) ? value : clock.GetUtcNow();

    /// <summary>One readable line: storage errors carry the whole HTTP response in their message.</summary>
    private static string Describe(Exception e) => e switch
    {
        Azure.RequestFailedException r => $"storage answered {r.Status} {r.ErrorCode}: {FirstLine(r.Message)}",
        _ => $"{e.GetType().Name}: {FirstLine(e.Message)}",
    };

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Trim();

    private string QueueOf(string stage) => stage switch
    {
        ArticleStages.Clean => names.CleanQueue,
        ArticleStages.Segment => names.SegmentQueue,
        _ => names.ClassifyQueue,
    };
}
