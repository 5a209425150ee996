using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing.Stages;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: decode, keep the main text and metadata, record what was removed and why.</summary>
public sealed class CleanArticle(CleanStage stage, StopGrace grace)
{
    [FunctionName(nameof(CleanArticle))]
    public async Task RunAsync(
        [QueueTrigger("%CleanQueue%")] QueueMessage message,
        [Queue("%SegmentQueue%")] IAsyncCollector<string> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);

        using var run = grace.Link(cancellationToken);

        // The output binding (rather than our own client) wakes the next listener in this host at once: no polling delay.
        await stage.RunAsync(message.MessageText, (int)message.DequeueCount, body => next.AddAsync(body, run.Token), run.Token).ConfigureAwait(false);
    }
}
