using Pipeline.Core.Articles;
using Pipeline.Core.Segmentation;
using Xunit;

namespace Pipeline.Core.Tests.Segmentation;

public class ArticleSegmenterTests
{
    [Fact]
    public void Segment_CleanedArticle_ReturnsParagraphsSentencesQuotesAndPassages()
    {
        var text = "Flood Warning Issued\n\nThe river crested at 9 p.m. Sunday. \"We have never seen it this high,\" said Mayor Ida Lund.\n\nSchools will stay closed. Officials will decide on Tuesday.";
        var result = ArticleSegmenter.Segment(Article(text), SegmentationOptions.Default);

        Assert.Equal(3, result.Paragraphs.Count);
        Assert.Equal(
            ["Flood Warning Issued", "The river crested at 9 p.m. Sunday.", "\"We have never seen it this high,\" said Mayor Ida Lund.", "Schools will stay closed.", "Officials will decide on Tuesday."],
            result.Sentences.Select(s => s.Text));
        Assert.Equal([0, 1, 1, 2, 2], result.Sentences.Select(s => s.Paragraph));
        var quote = Assert.Single(result.Quotes);
        Assert.Equal((2, 2), (quote.FirstSentence, quote.LastSentence));
        var passage = Assert.Single(result.Passages);
        Assert.Equal(text, passage.Text);
    }

    [Fact]
    public void Segment_SingleLineBreaks_EachLineIsAParagraph()
    {
        var result = ArticleSegmenter.Segment(Article("Headline\r\nFirst line. Second\nThird line"), SegmentationOptions.Default);
        Assert.Equal(3, result.Paragraphs.Count);
        Assert.Equal(["Headline", "First line.", "Second", "Third line"], result.Sentences.Select(s => s.Text));
    }

    [Fact]
    public void Segment_HeadingWithoutPunctuation_IsNotGluedToTheNextParagraph()
    {
        var result = ArticleSegmenter.Segment(Article("Key points\n\nRates rose. Stocks fell."), SegmentationOptions.Default);
        Assert.Equal("Key points", result.Sentences[0].Text);
    }

    [Fact]
    public void Segment_EmptyText_ReturnsEmptyLists()
    {
        var result = ArticleSegmenter.Segment(Article(""), SegmentationOptions.Default);
        Assert.Empty(result.Paragraphs);
        Assert.Empty(result.Sentences);
        Assert.Empty(result.Quotes);
        Assert.Empty(result.Passages);
    }

    [Fact]
    public void Segment_Language_SelectsTheRules()
    {
        var text = "Sie kam am Fr. Dann fuhr sie ab.";
        var german = ArticleSegmenter.Segment(Article(text), SegmentationOptions.Default with { Language = "de" });
        var english = ArticleSegmenter.Segment(Article(text), SegmentationOptions.Default with { Language = "en" });
        Assert.Equal(2, german.Sentences.Count);
        Assert.Single(english.Sentences);
    }

    private static CleanedArticle Article(string text) => new()
    {
        Text = text,
        Metadata = new ArticleMetadata(),
        Kind = SourceKind.Text,
        Encoding = "utf-8",
    };
}
