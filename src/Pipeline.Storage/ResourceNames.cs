using System.Text.Json;

namespace Pipeline.Storage;

/// <summary>
/// Every container, queue and table name, read from the one manifest (infra/local/resources.json, embedded at build)
/// that <c>pipeline up</c> and infra/azure/main.bicep also read, so the three can never disagree.
/// </summary>
public sealed class ResourceNames
{
    private ResourceNames(JsonElement root)
    {
        string Get(string group, string key) => root.GetProperty(group).GetProperty(key).GetString()
            ?? throw new InvalidOperationException($"resources.json: {group}.{key} is null.");

        ArticlesContainer = Get("containers", "articles");
        WorkContainer = Get("containers", "work");
        ModelsContainer = Get("containers", "models");
        CleanQueue = Get("queues", "clean");
        SegmentQueue = Get("queues", "segment");
        ClassifyQueue = Get("queues", "classify");
        SubmitQueue = Get("queues", "submit");
        ArticlesTable = Get("tables", "articles");
        BlobsTable = Get("tables", "blobs");
        SentencesTable = Get("tables", "sentences");
        QuotesTable = Get("tables", "quotes");
        EntitiesTable = Get("tables", "entities");
        TopicsTable = Get("tables", "topics");
        ClustersTable = Get("tables", "clusters");
        SignaturesTable = Get("tables", "signatures");
        FailuresTable = Get("tables", "failures");
        ActivityTable = Get("tables", "activity");
    }

    /// <summary>The names shipped with this build.</summary>
    public static ResourceNames Default { get; } = Load();

    public string ArticlesContainer { get; }

    /// <summary>Claim-check payloads too large to ride in a queue message.</summary>
    public string WorkContainer { get; }

    /// <summary>Trained topic models, one versioned blob each.</summary>
    public string ModelsContainer { get; }

    public string CleanQueue { get; }

    public string SegmentQueue { get; }

    public string ClassifyQueue { get; }

    /// <summary>The CLI's fast path: upload, then enqueue a claim-check here (no container scan).</summary>
    public string SubmitQueue { get; }

    public string ArticlesTable { get; }

    public string BlobsTable { get; }

    public string SentencesTable { get; }

    public string QuotesTable { get; }

    public string EntitiesTable { get; }

    public string TopicsTable { get; }

    public string ClustersTable { get; }

    public string SignaturesTable { get; }

    public string FailuresTable { get; }

    public string ActivityTable { get; }

    public IReadOnlyList<string> Containers => [ArticlesContainer, WorkContainer, ModelsContainer];

    /// <summary>The stage queues in pipeline order (each has a <c>-poison</c> twin the engine fills).</summary>
    public IReadOnlyList<string> Queues => [SubmitQueue, CleanQueue, SegmentQueue, ClassifyQueue];

    public IReadOnlyList<string> Tables =>
        [ArticlesTable, BlobsTable, SentencesTable, QuotesTable, EntitiesTable, TopicsTable, ClustersTable, SignaturesTable, FailuresTable, ActivityTable];

    public static string PoisonQueueOf(string queue) => queue + "-poison";

    /// <summary>
    /// The blob trigger engine's own queue (shared by every host of a storage account): it hands each new blob to the
    /// function through it, and moves a blob it gave up on to its <c>-poison</c> twin.
    /// </summary>
    public const string BlobTriggerQueue = "webjobs-blobtrigger";

    /// <summary>Parses a manifest (used by tests that compare it with infra files).</summary>
    public static ResourceNames Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return new ResourceNames(document.RootElement.Clone());
    }

    private static ResourceNames Load()
    {
        using var stream = typeof(ResourceNames).Assembly.GetManifestResourceStream("Pipeline.resources.json")
            ?? throw new InvalidOperationException("The embedded resource manifest is missing from the build.");
        using var document = JsonDocument.Parse(stream);
        return new ResourceNames(document.RootElement.Clone());
    }
}
