namespace Pipeline.Core.Articles;

/// <summary>A topic label with its score in [0, 1] and the terms that drove it (empty for opaque models).</summary>
public sealed record TopicScore(string Label, double Score, IReadOnlyList<string> Evidence);

/// <summary>What a sentence does in the story.</summary>
public enum SentenceRole
{
    Statement,
    Quote,
    ReportedSpeech,
}

/// <summary>A sentence's role and, for quotes and reported speech, who spoke.</summary>
public sealed record SentenceLabel(int Sentence, SentenceRole Role, string? Speaker);

/// <summary>Who said a quote: the fullest name in the article, their role if the text gives one.</summary>
public sealed record QuoteAttribution(int Quote, string? Speaker, string? SpeakerRole);

public enum EntityKind
{
    Person,
    Organization,
    Place,
}

/// <summary>A span of the cleaned text.</summary>
public sealed record TextSpan(int Start, int End);

/// <summary>A named entity with its canonical (fullest) name and every mention.</summary>
public sealed record Entity(string Name, EntityKind Kind, string? Role, IReadOnlyList<TextSpan> Mentions)
{
    public int Count => Mentions.Count;
}

/// <summary>The language of an article (ISO 639-1, or <c>und</c>) and how sure we are.</summary>
public sealed record LanguageGuess(string Code, double Confidence);

/// <summary>The classify stage's output for one article (near-duplicate clustering happens against the store).</summary>
public sealed record ArticleClassification
{
    public required LanguageGuess Language { get; init; }

    public IReadOnlyList<TopicScore> Topics { get; init; } = [];

    /// <summary>Which classifier and version produced <see cref="Topics"/>, e.g. <c>keywords/1</c> or <c>mlnet/20261122T1010Z</c>.</summary>
    public required string TopicModel { get; init; }

    public IReadOnlyList<SentenceLabel> Sentences { get; init; } = [];

    public IReadOnlyList<QuoteAttribution> Quotes { get; init; } = [];

    public IReadOnlyList<Entity> Entities { get; init; } = [];

    /// <summary>MinHash signature of the text's shingles, for near-duplicate lookup.</summary>
    public IReadOnlyList<uint> Signature { get; init; } = [];

    /// <summary>How many distinct shingles the signature summarises (containment needs the set sizes).</summary>
    public int ShingleCount { get; init; }
}
