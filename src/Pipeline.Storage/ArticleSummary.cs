using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>One line of <c>pipeline list --json</c>: an article without its text and segments.</summary>
public sealed record ArticleSummary
{
    public required string Id { get; init; }

    public IReadOnlyList<string> Blobs { get; init; } = [];

    public required string Status { get; init; }

    public string? Title { get; init; }

    public string? Outlet { get; init; }

    public string? Published { get; init; }

    public IReadOnlyList<string> Authors { get; init; } = [];

    public string? Language { get; init; }

    public IReadOnlyList<TopicRecord> Topics { get; init; } = [];

    public string? ClusterId { get; init; }

    public int SentenceCount { get; init; }

    public int QuoteCount { get; init; }

    public int EntityCount { get; init; }

    public FailureRecord? Failure { get; init; }

    public string? ReceivedAt { get; init; }

    public string? ProcessedAt { get; init; }

    /// <summary>Milliseconds from ingest seeing the blob to the result being written.</summary>
    public double? LatencyMs { get; init; }

    public string? PipelineVersion { get; init; }

    /// <summary>
    /// Set when the blob(s) that held this article now hold other content (overwritten): the id of the article made
    /// from the new content. This article's own content exists nowhere any more; its results stay readable.
    /// </summary>
    public string? SupersededBy { get; init; }
}
