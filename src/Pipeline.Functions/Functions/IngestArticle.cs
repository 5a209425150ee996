using Microsoft.Azure.Storage.Blob;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing;

namespace Pipeline.Functions.Functions;

/// <summary>Blob trigger: a file dropped into the articles container by any tool.</summary>
public sealed class IngestArticle(ArticleIngestor ingestor)
{
    [FunctionName(nameof(IngestArticle))]
    public Task RunAsync(
        [BlobTrigger("%ArticlesContainer%/{name}")] ICloudBlob blob,
        string name,
        [Queue("%CleanQueue%")] IAsyncCollector<string> clean,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);

        // The trigger's listing already carries the length, which spares a properties request.
        var length = blob.Properties.Length >= 0 ? blob.Properties.Length : (long?)null;
        return ingestor.IngestAsync(name, length, body => clean.AddAsync(body, cancellationToken), cancellationToken);
    }
}
