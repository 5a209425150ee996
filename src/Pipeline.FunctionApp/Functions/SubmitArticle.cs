using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.FunctionApp.Functions;

/// <summary>
/// Queue trigger for the CLI's fast path (upload, then a claim-check message here): the same idempotent ingest as the
/// blob trigger, without waiting for an Event Grid delivery.
/// </summary>
public sealed class SubmitArticle(ArticleIngestor ingestor, StageChannel channel, ResourceNames names)
{
    [Function(nameof(SubmitArticle))]
    public Task RunAsync([QueueTrigger("%SubmitQueue%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return ingestor.IngestSubmittedAsync(message.MessageText, body => channel.SendRawAsync(names.CleanQueue, body, cancellationToken), cancellationToken);
    }
}
