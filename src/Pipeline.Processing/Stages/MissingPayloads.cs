using Microsoft.Extensions.Logging;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Processing.Stages;

/// <summary>
/// A claim-check payload that is gone: fine when the article is stored (a message redelivered after the run that
/// stored it, which deleted the payloads), otherwise an error, retried and in the end recorded as a failure.
/// </summary>
public sealed class MissingPayloads(ArticleReader reader, ILogger<MissingPayloads> logger)
{
    public async Task ExplainAsync(string stage, StageMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (await reader.GetSummaryAsync(message.ArticleId, cancellationToken).ConfigureAwait(false) is { Status: ArticleStatus.Processed or ArticleStatus.Duplicate })
        {
            Log.PayloadConsumed(logger, stage, message.ArticleId);
            return;
        }

        throw new InvalidOperationException($"The payload {message.PayloadBlob} of article {message.ArticleId} is missing from the work container, and the article is not stored.");
    }
}
