using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Functions.Functions;

/// <summary>Blob trigger: a file dropped into the articles container by any tool.</summary>
public sealed class IngestArticle(ArticleIngestor ingestor, StopGrace grace)
{
    [FunctionName(nameof(IngestArticle))]
    public async Task RunAsync(
        [BlobTrigger("%ArticlesContainer%/{name}")] BlobClient blob,
        string name,
        BlobProperties? properties,
        [Queue("%CleanQueue%")] IAsyncCollector<string> clean,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        using var run = grace.Link(cancellationToken);

        // The engine read the blob's properties to bind it: their ETag lets a version already ingested stop at no cost, and
        // their metadata says whether `drop` announced the blob on the submit queue too (otherwise no lookup is needed).
        await ingestor.IngestFoundAsync(name, properties?.ETag.ToString(), ArticleUploader.WasAnnounced(properties?.Metadata), body => clean.AddAsync(body, run.Token), run.Token).ConfigureAwait(false);
    }
}
