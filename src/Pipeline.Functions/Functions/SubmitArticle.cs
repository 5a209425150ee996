using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing;

namespace Pipeline.Functions.Functions;

/// <summary>
/// Queue trigger for the CLI's fast path: the blob is uploaded, then announced here, so it is ingested at once instead
/// of waiting for the container scan (which on Azure can lag by minutes). Same idempotent ingest as the blob trigger.
/// </summary>
public sealed class SubmitArticle(ArticleIngestor ingestor, StopGrace grace)
{
    [FunctionName(nameof(SubmitArticle))]
    public async Task RunAsync(
        [QueueTrigger("%SubmitQueue%")] QueueMessage message,
        [Queue("%CleanQueue%")] IAsyncCollector<string> clean,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var run = grace.Link(cancellationToken);
        await ingestor.IngestSubmittedAsync(message.MessageText, body => clean.AddAsync(body, run.Token), run.Token).ConfigureAwait(false);
    }
}
