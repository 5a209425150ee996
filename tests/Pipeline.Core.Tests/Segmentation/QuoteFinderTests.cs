using Pipeline.Core.Articles;
using Pipeline.Core.Segmentation;
using Xunit;

namespace Pipeline.Core.Tests.Segmentation;

public class QuoteFinderTests
{
    private static IReadOnlyList<Quote> Quotes(string text) => ArticleSegmenter.Segment(
        new CleanedArticle { Text = text, Metadata = new ArticleMetadata(), Kind = SourceKind.Text, Encoding = "utf-8" },
        SegmentationOptions.Default).Quotes;

    [Theory]
    [InlineData("He said \"we will rebuild\" and left.", "we will rebuild")]
    [InlineData("She called it “a turning point” for the town.", "a turning point")]
    [InlineData("He called it 'a disgrace' on air.", "a disgrace")]
    [InlineData("Il a dit « non » hier.", "non")]
    [InlineData("Er sagte „nein“ gestern.", "nein")]
    [InlineData("彼は「行こう」と言った。", "行こう")]
    [InlineData("Han sa ”aldrig” igen.", "aldrig")]
    [InlineData("Er sagte »nie« wieder.", "nie")]
    public void Find_MarkStyles_ExcludeTheMarks(string text, string expected)
    {
        var quote = Assert.Single(Quotes(text));
        Assert.Equal(expected, quote.Text);
        Assert.Equal(expected, text[quote.Start..quote.End]);
    }

    [Fact]
    public void Find_NestedSingleQuotes_StayInsideTheOuterQuote()
    {
        var quote = Assert.Single(Quotes("\"He told me 'stay home,' so I did,\" she said."));
        Assert.Equal("He told me 'stay home,' so I did,", quote.Text);
    }

    [Fact]
    public void Find_TypographicNesting_StaysInsideTheOuterQuote()
    {
        var quote = Assert.Single(Quotes("“The sign read ‘closed’ all week,” he said."));
        Assert.Equal("The sign read ‘closed’ all week,", quote.Text);
    }

    [Theory]
    [InlineData("Iran's envoy didn't comment on the students' protest.")]
    [InlineData("Music of the '90s and rock 'n roll.")]
    [InlineData("The ’80s were over; Iran’s team won.")]
    [InlineData("The screen measures 6'2\" across.")]
    public void Find_Apostrophes_AreNotQuotes(string text) => Assert.Empty(Quotes(text));

    [Fact]
    public void Find_QuoteOverSeveralSentences_LinksAllOfThem()
    {
        var text = "Lee spoke first. \"We are ready. We have trained for years. Let them come,\" he said.";
        var result = Segment(text);
        var quote = Assert.Single(result.Quotes);
        Assert.Equal("We are ready. We have trained for years. Let them come,", quote.Text);
        Assert.Equal(1, quote.FirstSentence);
        Assert.Equal(3, quote.LastSentence);
    }

    [Fact]
    public void Find_OpenQuoteContinuedInNextParagraph_IsOneQuote()
    {
        var text = "\"We lost everything in one night.\n\n\"But we will rebuild,\" she said.\n\nThe town agreed.";
        var result = Segment(text);
        var quote = Assert.Single(result.Quotes);
        Assert.Equal("We lost everything in one night.\n\nBut we will rebuild,", quote.Text);
        Assert.Equal(1, quote.Start);
        Assert.Equal(text.IndexOf("rebuild,", StringComparison.Ordinal) + "rebuild,".Length, quote.End);
        Assert.Equal(0, quote.FirstSentence);
        Assert.Equal(1, quote.LastSentence);
    }

    [Fact]
    public void Find_UnclosedQuoteNotContinued_EndsWithItsParagraph()
    {
        var text = "He said \"this is not over.\n\nThe hearing ended at noon. Nobody said \"goodbye\" to him.";
        var quotes = Segment(text).Quotes;
        Assert.Equal(["this is not over.", "goodbye"], quotes.Select(q => q.Text));
    }

    [Fact]
    public void Find_StrayApostropheOpener_DoesNotHideLaterQuotes()
    {
        var quote = Assert.Single(Quotes("Fans of rock 'n roll said \"never again\" after the show."));
        Assert.Equal("never again", quote.Text);
    }

    [Fact]
    public void Find_SingleQuoteContinuedInNextParagraph_IsOneQuote()
    {
        var quote = Assert.Single(Quotes("'The river came up fast.\n\n'We had minutes to leave,' said Ms. Hale."));
        Assert.Equal("The river came up fast.\n\nWe had minutes to leave,", quote.Text);
    }

    [Fact]
    public void Find_ManyStrayApostrophesInOneParagraph_Completes()
    {
        var text = string.Concat(Enumerable.Repeat("the 'em word ", 50_000)) + "\"end\"";
        var quote = Assert.Single(Quotes(text));
        Assert.Equal("end", quote.Text);
    }

    [Fact]
    public void Find_SeveralQuotes_AreIndexedInOrder()
    {
        var quotes = Quotes("“Yes,” said one. “No,” said another. 'Maybe,' said a third.");
        Assert.Equal(["Yes,", "No,", "Maybe,"], quotes.Select(q => q.Text));
        Assert.Equal([0, 1, 2], quotes.Select(q => q.Index));
    }

    private static SegmentedArticle Segment(string text) => ArticleSegmenter.Segment(
        new CleanedArticle { Text = text, Metadata = new ArticleMetadata(), Kind = SourceKind.Text, Encoding = "utf-8" },
        SegmentationOptions.Default);
}
