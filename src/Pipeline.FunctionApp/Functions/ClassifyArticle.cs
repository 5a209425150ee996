using Azure.Storage.Queues.Models;
using Microsoft.Azure.Functions.Worker;
using Pipeline.Processing.Stages;

namespace Pipeline.FunctionApp.Functions;

/// <summary>Queue trigger: language, topics, sentence roles, speakers, entities, near-duplicates; writes the tables.</summary>
public sealed class ClassifyArticle(ClassifyStage stage)
{
    [Function(nameof(ClassifyArticle))]
    public Task RunAsync([QueueTrigger("%ClassifyQueue%", Connection = "AzureWebJobsStorage")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return stage.RunAsync(message.MessageText, (int)message.DequeueCount, cancellationToken);
    }
}
