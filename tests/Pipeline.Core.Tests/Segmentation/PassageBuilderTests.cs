using Pipeline.Core.Articles;
using Pipeline.Core.Segmentation;
using Xunit;

namespace Pipeline.Core.Tests.Segmentation;

public class PassageBuilderTests
{
    // Five sentences of 20 characters each, separated by one space: "Sentence number 01." ...
    private static readonly string FiveSentences = string.Join(' ', Enumerable.Range(1, 5).Select(i => $"Sentence number {i:00}."));

    [Fact]
    public void Build_CharacterBound_KeepsWholeSentences()
    {
        var passages = Segment(FiveSentences, new SegmentationOptions { PassageSize = 45, PassageOverlap = 0 }).Passages;
        Assert.Equal([(0, 1), (2, 3), (4, 4)], passages.Select(p => (p.FirstSentence, p.LastSentence)));
        Assert.All(passages, p => Assert.True(p.End - p.Start <= 45));
    }

    [Fact]
    public void Build_Overlap_RepeatsTrailingSentences()
    {
        var passages = Segment(FiveSentences, new SegmentationOptions { PassageSize = 62, PassageOverlap = 20 }).Passages;
        Assert.Equal([(0, 2), (2, 4)], passages.Select(p => (p.FirstSentence, p.LastSentence)));
    }

    [Fact]
    public void Build_TokenBound_CountsWords()
    {
        // Each sentence has three tokens: "Sentence", "number", "01".
        var passages = Segment(FiveSentences, new SegmentationOptions { PassageSize = 7, PassageOverlap = 3, PassageUnit = PassageUnit.Tokens }).Passages;
        Assert.Equal([(0, 1), (1, 2), (2, 3), (3, 4)], passages.Select(p => (p.FirstSentence, p.LastSentence)));
    }

    [Fact]
    public void Build_SentenceLongerThanBound_IsCutAtWordBoundaries()
    {
        var text = "Alpha beta gamma delta epsilon zeta eta theta iota kappa. Short one.";
        var passages = Segment(text, new SegmentationOptions { PassageSize = 20, PassageOverlap = 0 }).Passages;
        Assert.All(passages, p => Assert.True(p.End - p.Start <= 20));
        Assert.All(passages, p => Assert.Equal(p.Text, p.Text.Trim()));
        Assert.Equal("Alpha beta gamma", passages[0].Text);
        Assert.Equal("kappa. Short one.", passages[^1].Text);
        Assert.Equal((0, 1), (passages[^1].FirstSentence, passages[^1].LastSentence));
        Assert.All(passages.SkipLast(1), p => Assert.Equal((0, 0), (p.FirstSentence, p.LastSentence)));
    }

    [Fact]
    public void Build_WordLongerThanBound_IsCutAtTheBound()
    {
        var text = "See https://example.com/" + new string('x', 50) + " now.";
        var passages = Segment(text, new SegmentationOptions { PassageSize = 16, PassageOverlap = 4 }).Passages;
        Assert.All(passages, p => Assert.True(p.End - p.Start <= 16));
        Assert.Equal(text.Length, passages[^1].End);
    }

    [Fact]
    public void Build_CjkWithoutSpaces_CountsEachIdeographAsAToken()
    {
        Assert.Equal(4, Tokens.Count("北京下雨", 0, 4));
        Assert.Equal(3, Tokens.Count("It's 5 o", 0, 8) - 1);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(100, 100)]
    [InlineData(100, -1)]
    public void Segment_InvalidPassageOptions_Throw(int size, int overlap)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Segment("Text.", new SegmentationOptions { PassageSize = size, PassageOverlap = overlap }));
    }

    private static SegmentedArticle Segment(string text, SegmentationOptions options) => ArticleSegmenter.Segment(
        new CleanedArticle { Text = text, Metadata = new ArticleMetadata(), Kind = SourceKind.Text, Encoding = "utf-8" },
        options);
}
