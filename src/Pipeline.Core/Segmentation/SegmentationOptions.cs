namespace Pipeline.Core.Segmentation;

/// <summary>How passages for retrieval are sized.</summary>
public enum PassageUnit
{
    Characters,
    Tokens,
}

/// <summary>Options of the segment stage.</summary>
public sealed record SegmentationOptions
{
    /// <summary>Upper bound of a passage, in <see cref="PassageUnit"/>. Default 1000 characters.</summary>
    public int PassageSize { get; init; } = 1000;

    /// <summary>How much of the previous passage the next one repeats, in the same unit. Default 200.</summary>
    public int PassageOverlap { get; init; } = 200;

    public PassageUnit PassageUnit { get; init; } = PassageUnit.Characters;

    /// <summary>The article's language if known (ISO 639-1); English abbreviation rules apply only to <c>en</c> or unknown.</summary>
    public string? Language { get; init; }

    public static SegmentationOptions Default { get; } = new();
}
