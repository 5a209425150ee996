using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Processing.Stages;
using Pipeline.Storage;

namespace Pipeline.FunctionApp.Functions;

/// <summary>Queue trigger: decode, keep the main text and metadata, record what was removed and why.</summary>
public sealed class CleanArticle(CleanStage stage, StageChannel channel, ResourceNames names)
{
    [Function(nameof(CleanArticle))]
    public Task RunAsync([QueueTrigger("%CleanQueue%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return stage.RunAsync(message.MessageText, (int)message.DequeueCount,
            body => channel.SendRawAsync(names.SegmentQueue, body, cancellationToken), cancellationToken);
    }
}
