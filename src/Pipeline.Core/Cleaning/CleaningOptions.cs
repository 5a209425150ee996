namespace Pipeline.Core.Cleaning;

/// <summary>Options of the clean stage.</summary>
public sealed record CleaningOptions
{
    /// <summary>Removed blocks longer than this are shortened in the record (the article text is never shortened).</summary>
    public int MaxRemovedBlockChars { get; init; } = 300;

    public static CleaningOptions Default { get; } = new();
}
