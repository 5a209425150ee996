using Microsoft.Azure.WebJobs;
using Pipeline.Functions.Processing;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: decode, keep the main text and metadata, record what was removed and why.</summary>
public sealed class CleanArticle(StageProcessor stages)
{
    [FunctionName(nameof(CleanArticle))]
    public Task RunAsync([QueueTrigger("%CleanQueue%")] string message, int dequeueCount, CancellationToken cancellationToken) =>
        stages.CleanAsync(message, dequeueCount, cancellationToken);
}
