using Microsoft.Azure.WebJobs.Host.Queues;

namespace Pipeline.Functions;

/// <summary>
/// Gives the submit queue a shorter maximum polling interval than the other queues. Within one host the output bindings
/// wake the clean, segment and classify listeners at once, so the submit queue is the only hop that waits for a poll:
/// a file dropped on an idle host waits up to the whole interval before anything happens. The engine copies the queue
/// options for each queue's processor and its listener polls at that copy's interval, so changing it here touches this
/// queue alone.
/// </summary>
internal sealed class SubmitFirstQueueProcessorFactory(string submitQueue, TimeSpan submitMaxPollingInterval) : IQueueProcessorFactory
{
    public QueueProcessor Create(QueueProcessorOptions queueProcessorOptions)
    {
        ArgumentNullException.ThrowIfNull(queueProcessorOptions);
        var options = queueProcessorOptions.Options;
        if (string.Equals(queueProcessorOptions.Queue.Name, submitQueue, StringComparison.Ordinal) && submitMaxPollingInterval < options.MaxPollingInterval)
        {
            options.MaxPollingInterval = submitMaxPollingInterval;
        }

        return new EngineQueueProcessor(queueProcessorOptions);
    }

    /// <summary>The engine's own processor, unchanged (its constructor is open to subclasses only).</summary>
    private sealed class EngineQueueProcessor(QueueProcessorOptions options) : QueueProcessor(options);
}
