namespace Pipeline.Core.Articles;

/// <summary>A paragraph of the cleaned text: <c>[Start, End)</c>.</summary>
public sealed record Paragraph(int Index, int Start, int End);

/// <summary>A sentence: <c>text.Substring(Start, End - Start) == Text</c>.</summary>
public sealed record Sentence(int Index, int Start, int End, int Paragraph, string Text);

/// <summary>A direct quotation, marks excluded, with the sentences it overlaps.</summary>
public sealed record Quote(int Index, int Start, int End, string Text, int FirstSentence, int LastSentence);

/// <summary>A retrieval passage: a window of whole sentences (a sentence is cut only when it alone exceeds the bound).</summary>
public sealed record Passage(int Index, int Start, int End, int FirstSentence, int LastSentence, string Text);

/// <summary>The segment stage's output.</summary>
public sealed record SegmentedArticle
{
    public required CleanedArticle Cleaned { get; init; }

    public IReadOnlyList<Paragraph> Paragraphs { get; init; } = [];

    public IReadOnlyList<Sentence> Sentences { get; init; } = [];

    public IReadOnlyList<Quote> Quotes { get; init; } = [];

    public IReadOnlyList<Passage> Passages { get; init; } = [];
}
