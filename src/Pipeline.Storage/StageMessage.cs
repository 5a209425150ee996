using System.Text.Json;
using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>
/// What travels between stages: ids and pointers, plus the previous stage's output when it fits (otherwise a
/// claim-check pointer into the work container). Versioned so that old messages in a queue stay readable.
/// </summary>
public sealed record StageMessage
{
    public const int CurrentVersion = 1;

    /// <summary>Schema version of this message.</summary>
    public int V { get; init; } = CurrentVersion;

    public required string ArticleId { get; init; }

    /// <summary>The dropped blob that started this run (in the articles container).</summary>
    public required string Blob { get; init; }

    /// <summary>When ingest saw the blob (ISO 8601), for drop-to-result latency.</summary>
    public string? ReceivedAt { get; init; }

    /// <summary>
    /// The article row's version (ETag) when registration created it for this run; classify writes over that version
    /// without reading the row first. Absent when the run did not start from a new registration (reprocess).
    /// </summary>
    public string? RowVersion { get; init; }

    /// <summary>Milliseconds per stage so far.</summary>
    public Dictionary<string, double> Timings { get; init; } = [];

    /// <summary>The previous stage's output as JSON, when small enough to ride inline.</summary>
    public string? Payload { get; init; }

    /// <summary>Name of the blob in the work container holding the payload, when it was too large to inline.</summary>
    public string? PayloadBlob { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ArticleJson.Options);

    /// <summary>Parses a message; a message of a newer schema or malformed JSON is a bug in the sender and throws.</summary>
    public static StageMessage Parse(string json)
    {
        var message = ArticleJson.Deserialize<StageMessage>(json);
        if (message.V > CurrentVersion)
        {
            throw new NotSupportedException($"Message schema v{message.V} is newer than this host understands (v{CurrentVersion}). Upgrade the host.");
        }

        if (string.IsNullOrWhiteSpace(message.ArticleId) || string.IsNullOrWhiteSpace(message.Blob))
        {
            throw new FormatException("A stage message needs articleId and blob.");
        }

        return message;
    }
}

/// <summary>The submit queue's message: "I uploaded this blob, please ingest it" (the CLI's fast path).</summary>
public sealed record SubmitMessage
{
    public int V { get; init; } = StageMessage.CurrentVersion;

    public required string Blob { get; init; }

    /// <summary>Ingest again even if this version of the blob was ingested before (reprocess after an ingest failure).</summary>
    public bool Force { get; init; }

    /// <summary>
    /// The bytes of the version <c>drop</c> has just created (small files only), so ingest need not download them;
    /// with <see cref="ETag"/>, that version's ETag. Ingest trusts them as that version, which existed when they were sent.
    /// </summary>
    public string? ContentBase64 { get; init; }

    /// <summary>The ETag of the version <see cref="ContentBase64"/> holds.</summary>
    public string? ETag { get; init; }

    public string ToJson() => JsonSerializer.Serialize(this, ArticleJson.Options);

    public static SubmitMessage Parse(string json)
    {
        var message = ArticleJson.Deserialize<SubmitMessage>(json);
        return string.IsNullOrWhiteSpace(message.Blob) ? throw new FormatException("A submit message needs blob.") : message;
    }
}
