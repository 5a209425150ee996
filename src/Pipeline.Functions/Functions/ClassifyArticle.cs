using Microsoft.Azure.WebJobs;
using Pipeline.Processing;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: language, topics, sentence roles, speakers, entities, near-duplicates; writes the tables.</summary>
public sealed class ClassifyArticle(StageProcessor stages)
{
    [FunctionName(nameof(ClassifyArticle))]
    public Task RunAsync([QueueTrigger("%ClassifyQueue%")] string message, int dequeueCount, CancellationToken cancellationToken) =>
        stages.ClassifyAsync(message, dequeueCount, cancellationToken);
}
