using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Articles;

/// <summary>The status of an article as users see it.</summary>
public static class ArticleStatus
{
    /// <summary>Received; stages still running.</summary>
    public const string Pending = "pending";

    /// <summary>Cleaned, segmented and classified.</summary>
    public const string Processed = "processed";

    /// <summary>Processed, and a near-duplicate of an article ingested earlier (see <c>clusterId</c>).</summary>
    public const string Duplicate = "duplicate";

    /// <summary>A stage rejected the input or kept failing; see <c>failure</c>.</summary>
    public const string Failed = "failed";
}

/// <summary>
/// The article as <c>pipeline process --json</c>, <c>show --json</c> and <c>list --json</c> print it. The JSON names
/// are a contract other tools script against: add fields, never rename them. Offsets index into <see cref="Text"/>.
/// </summary>
public sealed record ArticleRecord
{
    public required string Id { get; init; }

    public IReadOnlyList<string> Blobs { get; init; } = [];

    public required string Status { get; init; }

    public string? Title { get; init; }

    public string? Outlet { get; init; }

    public string? Published { get; init; }

    public IReadOnlyList<string> Authors { get; init; } = [];

    /// <summary>Job titles from the byline ("Labor Correspondent"), kept apart from <see cref="Authors"/>.</summary>
    public IReadOnlyList<string> AuthorRoles { get; init; } = [];

    public string? Url { get; init; }

    public string? Language { get; init; }

    public double? LanguageConfidence { get; init; }

    public string? Kind { get; init; }

    public string? Encoding { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<ParagraphRecord> Paragraphs { get; init; } = [];

    public IReadOnlyList<SentenceRecord> Sentences { get; init; } = [];

    public IReadOnlyList<QuoteRecord> Quotes { get; init; } = [];

    public IReadOnlyList<PassageRecord> Passages { get; init; } = [];

    public IReadOnlyList<EntityRecord> Entities { get; init; } = [];

    public IReadOnlyList<TopicRecord> Topics { get; init; } = [];

    public string? TopicModel { get; init; }

    public string? ClusterId { get; init; }

    public double? Similarity { get; init; }

    public IReadOnlyList<RemovedBlock> Removed { get; init; } = [];

    public FailureRecord? Failure { get; init; }

    public string? PipelineVersion { get; init; }

    /// <summary>
    /// The article made from newer content of this article's blob (it was overwritten); null while the blob still
    /// holds this content. Set by storage, never by the stages.
    /// </summary>
    public string? SupersededBy { get; init; }

    /// <summary>Milliseconds spent in each stage, keyed by stage name.</summary>
    public IReadOnlyDictionary<string, double>? Timings { get; init; }

    public string? ReceivedAt { get; init; }

    public string? ProcessedAt { get; init; }

    /// <summary>Builds the record of a fully processed article from the stage outputs.</summary>
    public static ArticleRecord FromStages(
        string id,
        IReadOnlyList<string> blobs,
        SegmentedArticle segmented,
        ArticleClassification classification,
        string? clusterId,
        double? similarity)
    {
        ArgumentNullException.ThrowIfNull(segmented);
        ArgumentNullException.ThrowIfNull(classification);
        var cleaned = segmented.Cleaned;
        var labels = classification.Sentences.ToDictionary(l => l.Sentence);
        var speakers = classification.Quotes.ToDictionary(q => q.Quote);
        var isDuplicate = clusterId is not null && clusterId != id;

        return new ArticleRecord
        {
            Id = id,
            Blobs = blobs,
            Status = isDuplicate ? ArticleStatus.Duplicate : ArticleStatus.Processed,
            Title = cleaned.Metadata.Title,
            Outlet = cleaned.Metadata.Outlet,
            Published = cleaned.Metadata.Published,
            Authors = cleaned.Metadata.Authors,
            AuthorRoles = cleaned.Metadata.AuthorRoles,
            Url = cleaned.Metadata.Url,
            Language = classification.Language.Code,
            LanguageConfidence = Math.Round(classification.Language.Confidence, 3),
            Kind = cleaned.Kind.ToString().ToLowerInvariant(),
            Encoding = cleaned.Encoding,
            Text = cleaned.Text,
            Paragraphs = segmented.Paragraphs.Select(p => new ParagraphRecord(p.Index, p.Start, p.End)).ToList(),
            Sentences = segmented.Sentences.Select(s =>
            {
                labels.TryGetValue(s.Index, out var label);
                return new SentenceRecord(s.Index, s.Text, s.Start, s.End, s.Paragraph,
                    RoleName(label?.Role ?? SentenceRole.Statement), label?.Speaker);
            }).ToList(),
            Quotes = segmented.Quotes.Select(q =>
            {
                speakers.TryGetValue(q.Index, out var who);
                return new QuoteRecord(q.Index, q.Text, q.Start, q.End, who?.Speaker, who?.SpeakerRole, q.FirstSentence, q.LastSentence);
            }).ToList(),
            Passages = segmented.Passages.Select(p => new PassageRecord(p.Index, p.Text, p.Start, p.End, p.FirstSentence, p.LastSentence)).ToList(),
            Entities = classification.Entities.Select(e => new EntityRecord(
                e.Name, e.Kind.ToString().ToLowerInvariant(), e.Role, e.Count,
                e.Mentions.Select(m => new SpanRecord(m.Start, m.End)).ToList())).ToList(),
            Topics = classification.Topics.Select(t => new TopicRecord(t.Label, Math.Round(t.Score, 4), t.Evidence)).ToList(),
            TopicModel = classification.TopicModel,
            ClusterId = clusterId,
            Similarity = similarity is null ? null : Math.Round(similarity.Value, 4),
            Removed = cleaned.Removed,
            PipelineVersion = PipelineInfo.Version,
        };
    }

    /// <summary>The JSON name of a sentence role: <c>statement</c>, <c>quote</c>, <c>reported</c>.</summary>
    public static string RoleName(SentenceRole role) => role switch
    {
        SentenceRole.Quote => "quote",
        SentenceRole.ReportedSpeech => "reported",
        _ => "statement",
    };
}

public sealed record ParagraphRecord(int Index, int Start, int End);

public sealed record SentenceRecord(int Index, string Text, int Start, int End, int Paragraph, string Role, string? Speaker);

public sealed record QuoteRecord(int Index, string Text, int Start, int End, string? Speaker, string? SpeakerRole, int FirstSentence, int LastSentence);

public sealed record PassageRecord(int Index, string Text, int Start, int End, int FirstSentence, int LastSentence);

public sealed record SpanRecord(int Start, int End);

public sealed record EntityRecord(string Name, string Kind, string? Role, int Count, IReadOnlyList<SpanRecord> Mentions);

public sealed record TopicRecord(string Label, double Score, IReadOnlyList<string> Evidence);

/// <summary>Why an article failed: the stage, a stable code and a sentence for humans.</summary>
public sealed record FailureRecord(string Stage, string Code, string Reason);

/// <summary>Serializer settings shared by every host so that all commands print the same shape.</summary>
public static class ArticleJson
{
    /// <summary>camelCase names, nulls omitted, compact.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"Expected a {typeof(T).Name}, got null.");
}

/// <summary>The version stamped on every result row, so reprocessing after an upgrade is visible.</summary>
public static class PipelineInfo
{
    public const string Version = "0.1.0";
}
