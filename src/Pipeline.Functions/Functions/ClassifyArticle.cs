using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing.Stages;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: language, topics, sentence roles, speakers, entities, near-duplicates; writes the tables.</summary>
public sealed class ClassifyArticle(ClassifyStage stage)
{
    [FunctionName(nameof(ClassifyArticle))]
    public Task RunAsync([QueueTrigger("%ClassifyQueue%")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return stage.RunAsync(message.MessageText, (int)message.DequeueCount, cancellationToken);
    }
}
