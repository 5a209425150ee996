using Microsoft.Azure.WebJobs;
using Pipeline.Functions.Processing;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: paragraphs, sentences with offsets, quotes and retrieval passages.</summary>
public sealed class SegmentArticle(StageProcessor stages)
{
    [FunctionName(nameof(SegmentArticle))]
    public Task RunAsync([QueueTrigger("%SegmentQueue%")] string message, int dequeueCount, CancellationToken cancellationToken) =>
        stages.SegmentAsync(message, dequeueCount, cancellationToken);
}
