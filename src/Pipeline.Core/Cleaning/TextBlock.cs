namespace Pipeline.Core.Cleaning;

/// <summary>How a block renders: it decides nothing about the text contract (every kind is one paragraph).</summary>
internal enum BlockKind
{
    Paragraph,
    Heading,
    ListItem,
    Quote,
    TableRow,
    Preformatted,
}

/// <summary>A run of text between block boundaries, with the features the classifiers look at.</summary>
internal sealed class TextBlock(string text, BlockKind kind)
{
    public string Text { get; set; } = text;

    public BlockKind Kind { get; } = kind;

    /// <summary>Characters of the block that sit inside links.</summary>
    public int LinkChars { get; init; }

    /// <summary>The heading level (1-6) for headings, else 0.</summary>
    public int HeadingLevel { get; init; }

    /// <summary>Index of the container the block belongs to (HTML only).</summary>
    public int Container { get; set; } = -1;

    /// <summary>Null while kept; the removal reason once cut.</summary>
    public string? RemovedFor { get; set; }

    public double LinkDensity => Text.Length == 0 ? 0 : Math.Min(1, LinkChars / (double)Text.Length);
}
