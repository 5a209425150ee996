using Microsoft.Azure.WebJobs.Host.Queues;

namespace Pipeline.Functions;

/// <summary>
/// Gives queues their own maximum polling interval in the local host. The engine copies the queue options for each
/// queue's processor and its listener polls at that copy's interval, so changing it here touches that queue alone.
/// <list type="bullet">
/// <item>The submit queue polls more often than the engine's interval: a file dropped by another process (the CLI) waits
/// for this poll and for nothing else, so it sets the drop-to-result time of an idle host.</item>
/// <item>The stage queues (clean, segment, classify) poll less often, but only while this host's output bindings wake
/// their listeners (<see cref="InHostQueueWake"/>): every message the pipeline sends them then starts a poll at once,
/// and the idle polls are saved. Only messages from other processes (`reprocess`, `replay`) wait for a poll, up to the
/// longer interval.</item>
/// </list>
/// </summary>
internal sealed class QueuePollingFactory(string submitQueue, TimeSpan submitMaxPollingInterval, IReadOnlySet<string> stageQueues, TimeSpan? stageMaxPollingInterval, Func<bool> wakeConnected) : IQueueProcessorFactory
{
    public QueueProcessor Create(QueueProcessorOptions queueProcessorOptions)
    {
        ArgumentNullException.ThrowIfNull(queueProcessorOptions);
        var options = queueProcessorOptions.Options;
        var queue = queueProcessorOptions.Queue.Name;
        if (string.Equals(queue, submitQueue, StringComparison.Ordinal) && submitMaxPollingInterval < options.MaxPollingInterval)
        {
            options.MaxPollingInterval = submitMaxPollingInterval;
        }
        else if (stageMaxPollingInterval is { } longer && longer > options.MaxPollingInterval && stageQueues.Contains(queue) && wakeConnected())
        {
            options.MaxPollingInterval = longer;
        }

        return new EngineQueueProcessor(queueProcessorOptions);
    }

    /// <summary>The engine's own processor, unchanged (its constructor is open to subclasses only).</summary>
    private sealed class EngineQueueProcessor(QueueProcessorOptions options) : QueueProcessor(options);
}
