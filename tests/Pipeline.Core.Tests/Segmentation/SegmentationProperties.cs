using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pipeline.Core.Articles;
using Pipeline.Core.Segmentation;

namespace Pipeline.Core.Tests.Segmentation;

/// <summary>Text built from the pieces that make segmentation hard, so random inputs exercise the rules.</summary>
public sealed record NewsLikeText(string Value)
{
    public override string ToString() => Value.Replace("\n", "\\n", StringComparison.Ordinal);
}

public static class SegmentationArbitraries
{
    private static readonly string[] Pieces =
    [
        "The", "he", "She", "said", "U.S.", "U.S", "Mr.", "Dr. ", "J.", "a.m.", "p.m.", "Co.", "Inc.", "Sept.", "etc.",
        "No.", "p.", "3.5", "$4", "1.", "2.)", "a)", "(1)", "•", "⁃", "...", "…", ". . .", "....", "[...]", ".", "!", "?",
        "?!", ";", ":", ",", "\"", "“", "”", "'", "‘", "’", "«", "»", "„", "(", ")", "[", "]", " ", " ", " ", "  ",
        "\n", "\n\n", "\r\n", "\t", "\u00A0", "don't", "'90s", "students'", "https://ex.com/a.b?c=d", "x@y.org",
        "。", "！", "？", "।", "։", "؟", "۔", "Τι", ";", "中文", "😀", "é", "I", "It", "Then", "Smith", "iPhone",
    ];

    public static Arbitrary<NewsLikeText> NewsLike() =>
        Gen.Elements(Pieces).ListOf().Select(parts => new NewsLikeText(string.Concat(parts))).ToArbitrary();
}

[Properties(Arbitrary = [typeof(SegmentationArbitraries)], MaxTest = 300)]
public class SegmentationProperties
{
    [Property]
    public bool Split_AnyText_SpansAreTrimmedOrderedAndDisjoint(NewsLikeText input)
    {
        var text = input.Value;
        var previousEnd = 0;
        foreach (var (start, end) in SentenceSplitter.Split(text))
        {
            if (start < previousEnd || end <= start || end > text.Length)
            {
                return false;
            }

            if (char.IsWhiteSpace(text[start]) || char.IsWhiteSpace(text[end - 1]) || text.AsSpan(start, end - start).ContainsAny('\n', '\r'))
            {
                return false;
            }

            previousEnd = end;
        }

        return true;
    }

    [Property]
    public bool Split_AnyText_CoversEveryNonBlankCharacter(NewsLikeText input)
    {
        var text = input.Value;
        var covered = new bool[text.Length];
        foreach (var (start, end) in SentenceSplitter.Split(text, "en"))
        {
            Array.Fill(covered, true, start, end - start);
        }

        return Enumerable.Range(0, text.Length).All(i => covered[i] || char.IsWhiteSpace(text[i]));
    }

    [Property]
    public bool Split_NonEnglish_KeepsTheSameInvariants(NewsLikeText input)
    {
        var text = input.Value;
        var spans = SentenceSplitter.Split(text, "el");
        return spans.Zip(spans.Skip(1)).All(p => p.First.End <= p.Second.Start)
            && spans.All(s => s.End > s.Start && !char.IsWhiteSpace(text[s.Start]) && !char.IsWhiteSpace(text[s.End - 1]));
    }

    [Property]
    public bool Segment_AnyText_OffsetsSliceBackToTexts(NewsLikeText input, PositiveInt size, NonNegativeInt overlap, bool tokens)
    {
        var passageSize = (size.Get % 300) + 1;
        var options = new SegmentationOptions
        {
            PassageSize = passageSize,
            PassageOverlap = overlap.Get % passageSize,
            PassageUnit = tokens ? PassageUnit.Tokens : PassageUnit.Characters,
        };
        var text = input.Value;
        var result = ArticleSegmenter.Segment(Article(text), options);

        var sentencesOk = result.Sentences.Select((s, i) => s.Index == i && text[s.Start..s.End] == s.Text
            && s.Start >= result.Paragraphs[s.Paragraph].Start && s.End <= result.Paragraphs[s.Paragraph].End).All(ok => ok);
        var paragraphsOk = result.Paragraphs.Zip(result.Paragraphs.Skip(1)).All(p => p.First.End < p.Second.Start);
        var quotesOk = result.Quotes.All(q => q.Start < q.End && q.FirstSentence >= 0 && q.FirstSentence <= q.LastSentence
            && result.Sentences[q.FirstSentence].End > q.Start && result.Sentences[q.LastSentence].Start < q.End
            && (q.Text == text[q.Start..q.End] || q.Text.Contains("\n\n", StringComparison.Ordinal)));
        var passagesOk = result.Passages.All(p => p.Text == text[p.Start..p.End] && p.FirstSentence <= p.LastSentence);
        return sentencesOk && paragraphsOk && quotesOk && passagesOk;
    }

    [Property]
    public bool Segment_AnyText_PassagesRespectTheBoundAndCoverAllSentences(NewsLikeText input, PositiveInt size, bool tokens)
    {
        var passageSize = (size.Get % 120) + 1;
        var options = new SegmentationOptions
        {
            PassageSize = passageSize,
            PassageOverlap = passageSize / 3,
            PassageUnit = tokens ? PassageUnit.Tokens : PassageUnit.Characters,
        };
        var text = input.Value;
        var result = ArticleSegmenter.Segment(Article(text), options);
        var withinBound = result.Passages.All(p =>
            (tokens ? Tokens.Count(text, p.Start, p.End) : p.End - p.Start) <= passageSize);
        var covered = result.Sentences.All(s => result.Passages.Any(p => p.Start <= s.Start && p.End > s.Start))
            && result.Sentences.All(s => result.Passages.Any(p => p.End >= s.End && p.Start < s.End));
        var forward = result.Passages.Zip(result.Passages.Skip(1)).All(p => p.Second.Start > p.First.Start && p.Second.End > p.First.End);
        return withinBound && covered && forward;
    }

    private static CleanedArticle Article(string text) => new()
    {
        Text = text,
        Metadata = new ArticleMetadata(),
        Kind = SourceKind.Text,
        Encoding = "utf-8",
    };
}
