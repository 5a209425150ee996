using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.FunctionApp.Functions;

/// <summary>
/// Blob trigger fed by Event Grid (the only blob trigger Flex Consumption supports): a file dropped into the articles
/// container by any tool. Bound to a <see cref="BlobClient"/>, not the content: the ingest handler checks the size
/// before it reads a byte.
/// </summary>
public sealed class IngestArticle(ArticleIngestor ingestor, StageChannel channel, ResourceNames names)
{
    [Function(nameof(IngestArticle))]
    public Task RunAsync(
        [BlobTrigger("%ArticlesContainer%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")] BlobClient blob,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);

        // Our own client sends to the clean queue, not a return-value output binding: the handler must send before it
        // writes the article row (see ArticleWriter.RegisterBlobAsync), and an output binding sends only after we return.
        return ingestor.IngestAsync(blob.Name, force: false, body => channel.SendRawAsync(names.CleanQueue, body, cancellationToken), cancellationToken);
    }
}
