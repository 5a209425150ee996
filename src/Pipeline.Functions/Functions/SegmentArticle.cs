using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing.Stages;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: paragraphs, sentences with offsets, quotes and retrieval passages.</summary>
public sealed class SegmentArticle(SegmentStage stage, StopGrace grace)
{
    [FunctionName(nameof(SegmentArticle))]
    public async Task RunAsync(
        [QueueTrigger("%SegmentQueue%")] QueueMessage message,
        [Queue("%ClassifyQueue%")] IAsyncCollector<string> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        using var run = grace.Link(cancellationToken);

        // The output binding (rather than our own client) wakes the next listener in this host at once: no polling delay.
        await stage.RunAsync(message.MessageText, (int)message.DequeueCount, body => next.AddAsync(body, run.Token), run.Token).ConfigureAwait(false);
    }
}
