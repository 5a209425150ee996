using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Processing;

namespace Pipeline.FunctionApp.Functions;

/// <summary>Queue trigger: language, topics, sentence roles, speakers, entities, near-duplicates; writes the tables.</summary>
public sealed class ClassifyArticle(StageProcessor stages)
{
    [Function(nameof(ClassifyArticle))]
    public Task RunAsync([QueueTrigger("%ClassifyQueue%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return stages.ClassifyAsync(message.MessageText, (int)message.DequeueCount, cancellationToken);
    }
}
