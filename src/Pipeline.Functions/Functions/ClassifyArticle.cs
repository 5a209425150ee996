using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing.Stages;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: language, topics, sentence roles, speakers, entities, near-duplicates; writes the tables.</summary>
public sealed class ClassifyArticle(ClassifyStage stage, StopGrace grace)
{
    [FunctionName(nameof(ClassifyArticle))]
    public async Task RunAsync([QueueTrigger("%ClassifyQueue%")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var run = grace.Link(cancellationToken);
        await stage.RunAsync(message.MessageText, (int)message.DequeueCount, run.Token).ConfigureAwait(false);
    }
}
