using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing;

namespace Pipeline.Functions.Functions;

/// <summary>Blob trigger: a file dropped into the articles container by any tool.</summary>
public sealed class IngestArticle(ArticleIngestor ingestor)
{
    [FunctionName(nameof(IngestArticle))]
    public Task RunAsync(
        [BlobTrigger("%ArticlesContainer%/{name}")] BlobClient blob,
        string name,
        BlobProperties? properties,
        [Queue("%CleanQueue%")] IAsyncCollector<string> clean,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);

        // The trigger fetched the blob's properties before calling us (null if it was deleted since): reusing the
        // length spares a request.
        return ingestor.IngestAsync(name, properties?.ContentLength, body => clean.AddAsync(body, cancellationToken), cancellationToken);
    }
}
