namespace Pipeline.Processing;

/// <summary>
/// The queue trigger settings both hosts use: the local WebJobs host sets them in code, the Functions app in its
/// host.json (a test checks the two agree). Attempts and the retry delay come from <see cref="Storage.MessagingOptions"/>,
/// because the stage handlers must know which attempt is the last one to record the failure.
/// </summary>
public static class QueueSettings
{
    /// <summary>Messages fetched per poll of one queue (the engine's default, kept explicit).</summary>
    public const int BatchSize = 16;

    /// <summary>Fetch the next batch when this many of the current one are still running: keeps both cores busy.</summary>
    public const int NewBatchThreshold = 8;

    /// <summary>
    /// Longest wait between polls of an empty queue. The engine's default back-off grows to a minute; within the local
    /// host the output bindings wake the next stage at once (see Pipeline.Functions' InHostQueueWake), and this bounds
    /// hops between instances. The local host polls the submit queue, the one hop a dropped file waits for, more often
    /// (<see cref="Storage.MessagingOptions.SubmitPollingMilliseconds"/>).
    /// </summary>
    public static readonly TimeSpan MaxPollingInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Base64 bodies, the default of both engines' queue extensions (5.x): our own senders (the CLI's submit,
    /// <c>pipeline replay</c>) encode the same way, and a plain-text message would fail to decode and be poisoned.
    /// </summary>
    public const string MessageEncoding = "base64";
}
