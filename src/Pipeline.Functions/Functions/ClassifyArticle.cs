using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Pipeline.Processing;

namespace Pipeline.Functions.Functions;

/// <summary>Queue trigger: language, topics, sentence roles, speakers, entities, near-duplicates; writes the tables.</summary>
public sealed class ClassifyArticle(StageProcessor stages)
{
    [FunctionName(nameof(ClassifyArticle))]
    public Task RunAsync([QueueTrigger("%ClassifyQueue%")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return stages.ClassifyAsync(message.MessageText, (int)message.DequeueCount, cancellationToken);
    }
}
