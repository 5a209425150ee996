using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.FunctionApp.Functions;

/// <summary>Queue trigger: paragraphs, sentences with offsets, quotes and retrieval passages.</summary>
public sealed class SegmentArticle(StageProcessor stages, StageChannel channel, ResourceNames names)
{
    [Function(nameof(SegmentArticle))]
    public Task RunAsync([QueueTrigger("%SegmentQueue%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return stages.SegmentAsync(message.MessageText, (int)message.DequeueCount,
            body => channel.SendRawAsync(names.ClassifyQueue, body, cancellationToken), cancellationToken);
    }
}
