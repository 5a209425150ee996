using Azure.Storage.Blobs;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing;

namespace Pipeline.Functions.Functions;

/// <summary>Blob trigger: a file dropped into the articles container by any tool.</summary>
public sealed class IngestArticle(ArticleIngestor ingestor, StopGrace grace)
{
    [FunctionName(nameof(IngestArticle))]
    public async Task RunAsync(
        [BlobTrigger("%ArticlesContainer%/{name}")] BlobClient blob,
        string name,
        [Queue("%CleanQueue%")] IAsyncCollector<string> clean,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        using var run = grace.Link(cancellationToken);
        await ingestor.IngestAsync(name, force: false, body => clean.AddAsync(body, run.Token), run.Token).ConfigureAwait(false);
    }
}
