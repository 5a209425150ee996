using System.ComponentModel.DataAnnotations;
using Pipeline.Core;

namespace Pipeline.Storage;

/// <summary>
/// The pipeline's settings come in one configuration section, <c>Pipeline</c> (<c>Pipeline__MaxArticleBytes</c> in the
/// environment or <c>local.settings.json</c>), read into one options type per concern: <see cref="StageOptions"/>,
/// <see cref="MessagingOptions"/>, <see cref="ReconcileOptions"/>, <see cref="TopicOptions"/>. Each is validated at
/// start-up: ranges by attribute, and <see cref="ICrossFieldChecked.CrossFieldProblems"/> for settings that only fail
/// together.
/// </summary>
public static class Settings
{
    public const string SectionName = "Pipeline";
}

/// <summary>Options whose settings can be wrong together, each fine on its own.</summary>
public interface ICrossFieldChecked
{
    /// <summary>
    /// One sentence per problem, naming the settings, so a host refuses to start instead of failing every message the
    /// same way.
    /// </summary>
    IReadOnlyList<string> CrossFieldProblems();
}

/// <summary>What the pure stages (inspect, clean, segment, classify) do with one article, and how long they may take.</summary>
public sealed class StageOptions : ICrossFieldChecked
{
    /// <summary>How long the queue engine keeps a message it handed to a function invisible to other workers (10 minutes).</summary>
    public const int EngineMessageLeaseSeconds = 600;

    /// <summary>Files larger than this are rejected with a failure record instead of being read. Default 10 MiB.</summary>
    [Range(1, long.MaxValue)]
    public long MaxArticleBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Passage size for retrieval, in characters.</summary>
    [Range(100, 100_000)]
    public int PassageSize { get; set; } = 1000;

    /// <summary>How many characters each retrieval passage repeats of the one before it.</summary>
    [Range(0, 50_000)]
    public int PassageOverlap { get; set; } = 200;

    /// <summary>
    /// Seconds one pure stage (clean, segment or classify) may spend on one article. Past it the stage stops and the
    /// article is recorded as failed with <c>too-complex</c>, once: a retry would only burn the same time again. The
    /// engine keeps a dequeued message invisible for <see cref="EngineMessageLeaseSeconds"/>; the cap keeps a stage
    /// at half of that at most, so it is recorded long before another worker could pick the message up.
    /// </summary>
    [Range(1, EngineMessageLeaseSeconds / 2)]
    public int StageBudgetSeconds { get; set; } = 60;

    public IReadOnlyList<string> CrossFieldProblems() =>
        PassageOverlap >= PassageSize
            ? [$"Pipeline:PassageOverlap ({PassageOverlap}) must be smaller than Pipeline:PassageSize ({PassageSize}): each retrieval passage repeats that many characters of the one before it."]
            : [];

    /// <summary>The options of the pure stages these settings imply (one set, for the hosts and <c>pipeline process</c>).</summary>
    public ArticlePipelineOptions ToStageOptions() => ArticlePipelineOptions.Default with
    {
        MaxArticleBytes = MaxArticleBytes,
        Segmentation = ArticlePipelineOptions.Default.Segmentation with { PassageSize = PassageSize, PassageOverlap = PassageOverlap },
    };
}

/// <summary>How stage messages travel: their size inline, attempts and retry delay, and how often the local host polls.</summary>
public sealed class MessagingOptions
{
    /// <summary>
    /// Stage payloads up to this size (UTF-8 bytes of JSON) ride inside the queue message; larger ones go to the work
    /// container (claim-check). A queue message holds 64 KiB after base64, i.e. 48 KiB of JSON.
    /// </summary>
    [Range(0, 45_000)]
    public int InlinePayloadLimitBytes { get; set; } = 40_000;

    /// <summary>How many attempts a message gets before the engine moves it to the poison queue (MaxDequeueCount).</summary>
    [Range(1, 100)]
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Seconds a failed message stays invisible before its next attempt.</summary>
    [Range(0, 600)]
    public int RetryDelaySeconds { get; set; } = 5;

    /// <summary>
    /// The longest wait between polls of an empty submit queue in the local host, in milliseconds (the other queues wait
    /// up to the engine's <c>maxPollingInterval</c>, 1 s). A dropped file waits for this poll and for nothing else, so it
    /// sets most of the drop-to-result time of an idle host; each poll is one storage request. Never longer than the
    /// engine's interval.
    /// </summary>
    [Range(100, 60_000)]
    public int SubmitPollingMilliseconds { get; set; } = 250;

    /// <summary>
    /// The longest wait between polls of an empty clean, segment or classify queue in the local host, in milliseconds,
    /// while the host's own messages wake those listeners at once (see README, "What an idle host costs"). Only messages
    /// another process sends there (`reprocess`, `replay`) wait for this poll. Never shorter than the engine's interval.
    /// </summary>
    [Range(100, 60_000)]
    public int StagePollingMilliseconds { get; set; } = 5_000;
}

/// <summary>The reconcile sweep: the safety net under the blob trigger for blobs no trigger announced.</summary>
public sealed class ReconcileOptions
{
    /// <summary>
    /// How often a host sweeps the articles container for blobs that no trigger announced (uploads by other tools that
    /// the container scan or Event Grid missed), in seconds; 0 turns the sweep off. The worst-case pick-up delay of a
    /// missed blob is this interval plus <see cref="ReconcileGraceSeconds"/> plus one sweep.
    /// </summary>
    [Range(0, 86_400)]
    public int ReconcileIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// A blob younger than this is left to the triggers (they normally take a second or two); the sweep only picks up
    /// blobs older than this that the index does not know.
    /// </summary>
    [Range(0, 3_600)]
    public int ReconcileGraceSeconds { get; set; } = 15;
}

/// <summary>Where topic labels come from: the user's topics file, and how often a host looks for a newer trained model.</summary>
public sealed class TopicOptions : ICrossFieldChecked
{
    /// <summary>Optional path of a JSON file with extra topic labels (see README, "Your own topics").</summary>
    public string? TopicsFile { get; set; }

    /// <summary>How often a host looks for a newer trained topic model, in seconds.</summary>
    [Range(1, 86_400)]
    public int ModelRefreshSeconds { get; set; } = 60;

    public IReadOnlyList<string> CrossFieldProblems() =>
        !string.IsNullOrWhiteSpace(TopicsFile) && !File.Exists(TopicsFile)
            ? [$"Pipeline:TopicsFile names a file that does not exist: {TopicsFile}"]
            : [];
}
