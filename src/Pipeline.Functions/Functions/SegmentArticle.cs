using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing.Stages;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: paragraphs, sentences with offsets, quotes and retrieval passages.</summary>
public sealed class SegmentArticle(SegmentStage stage)
{
    [FunctionName(nameof(SegmentArticle))]
    public Task RunAsync(
        [QueueTrigger("%SegmentQueue%")] QueueMessage message,
        [Queue("%ClassifyQueue%")] IAsyncCollector<string> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        // The output binding (rather than our own client) wakes the next listener in this host at once: no polling delay.
        return stage.RunAsync(message.MessageText, (int)message.DequeueCount, body => next.AddAsync(body, cancellationToken), cancellationToken);
    }
}
