using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing.Stages;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: decode, keep the main text and metadata, record what was removed and why.</summary>
public sealed class CleanArticle(CleanStage stage)
{
    [FunctionName(nameof(CleanArticle))]
    public Task RunAsync(
        [QueueTrigger("%CleanQueue%")] QueueMessage message,
        [Queue("%SegmentQueue%")] IAsyncCollector<string> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        // The output binding (rather than our own client) wakes the next listener in this host at once: no polling delay.
        return stage.RunAsync(message.MessageText, (int)message.DequeueCount, body => next.AddAsync(body, cancellationToken), cancellationToken);
    }
}
