using Microsoft.Extensions.Logging;

namespace Pipeline.Processing;

/// <summary>Source-generated log messages: structured, allocation-free when the level is off.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Ingested {Blob} as article {ArticleId} (new: {IsNew})")]
    public static partial void Ingested(ILogger logger, string blob, string articleId, bool isNew);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Rejected {Blob} (article {ArticleId}) at {Stage}: {Code}: {Reason}")]
    public static partial void Rejected(ILogger logger, string blob, string articleId, string stage, string code, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "{Stage} done for article {ArticleId} in {Milliseconds:F1} ms")]
    public static partial void StageDone(ILogger logger, string stage, string articleId, double milliseconds);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "Article {ArticleId} {Status}: {Title} ({Sentences} sentences, drop to result {LatencyMs:F0} ms)")]
    public static partial void Completed(ILogger logger, string articleId, string status, string? title, int sentences, double latencyMs);

    [LoggerMessage(EventId = 5, Level = LogLevel.Error, Message = "{Stage} failed for article {ArticleId} on attempt {Attempt} of {MaxAttempts}")]
    public static partial void StageFailed(ILogger logger, Exception exception, string stage, string articleId, int attempt, int maxAttempts);

    [LoggerMessage(EventId = 6, Level = LogLevel.Information, Message = "Topic classifier: {ModelId}")]
    public static partial void TopicModel(ILogger logger, string modelId);

    [LoggerMessage(EventId = 8, Level = LogLevel.Debug, Message = "{Blob} is unchanged since it was ingested as article {ArticleId}; nothing to do")]
    public static partial void AlreadyIngested(ILogger logger, string blob, string articleId);

    [LoggerMessage(EventId = 12, Level = LogLevel.Debug, Message = "{Blob}: article {ArticleId} was registered moments ago through the {Route} route, whose run is under way; nothing to do")]
    public static partial void LeftToOtherRoute(ILogger logger, string blob, string articleId, string route);

    [LoggerMessage(EventId = 9, Level = LogLevel.Information, Message = "Reconcile: {Blob} (modified {Modified:O}) was never ingested; announced it")]
    public static partial void Reconciled(ILogger logger, string blob, DateTimeOffset modified);

    [LoggerMessage(EventId = 10, Level = LogLevel.Warning, Message = "Reconcile sweep failed; the next one retries")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Stage}: the payload of article {ArticleId} is gone because the article is stored (a redelivered message); nothing to do")]
    public static partial void PayloadConsumed(ILogger logger, string stage, string articleId);

    [LoggerMessage(EventId = 7, Level = LogLevel.Information, Message = "Storage: {Storage}; provisioned: {Created}")]
    public static partial void Provisioned(ILogger logger, string storage, string created);

    [LoggerMessage(EventId = 13, Level = LogLevel.Information, Message = "Moved {Rows} lookup-table rows (entities, topics, quotes) into the shared partitions of this version's layout")]
    public static partial void IndexUpgraded(ILogger logger, int rows);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "Moving lookup-table rows into the shared partitions failed; the next start tries again (until then `mentions`, `quotes` and `topic` miss the rows not yet moved)")]
    public static partial void IndexUpgradeFailed(ILogger logger, Exception exception);
}
