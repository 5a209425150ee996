using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Processing.Stages;
using Pipeline.Storage;

namespace Pipeline.FunctionApp.Functions;

/// <summary>Queue trigger: paragraphs, sentences with offsets, quotes and retrieval passages.</summary>
public sealed class SegmentArticle(SegmentStage stage, StageChannel channel, ResourceNames names)
{
    [Function(nameof(SegmentArticle))]
    public Task RunAsync([QueueTrigger("%SegmentQueue%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return stage.RunAsync(message.MessageText, (int)message.DequeueCount,
            body => channel.SendRawAsync(names.ClassifyQueue, body, cancellationToken), cancellationToken);
    }
}
