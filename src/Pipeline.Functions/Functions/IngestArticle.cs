using Azure.Storage.Blobs;
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
        [Queue("%CleanQueue%")] IAsyncCollector<string> clean,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return ingestor.IngestAsync(name, force: false, body => clean.AddAsync(body, cancellationToken), cancellationToken);
    }
}
