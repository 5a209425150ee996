using Pipeline.Core.Articles;

namespace Pipeline.Core.Tests.Articles;

public sealed class ArticleLayoutTests
{
    private const string Text = "Ferries start. \"We waited years,\" said Ingrid Dahl.\n\nBuses stay.";

    private static ArticleRecord Record()
    {
        var quoteStart = Text.IndexOf("We waited", StringComparison.Ordinal);
        var quoteEnd = Text.IndexOf(",\"", StringComparison.Ordinal) + 1;
        var name = Text.IndexOf("Ingrid Dahl", StringComparison.Ordinal);
        var secondParagraph = Text.IndexOf("Buses", StringComparison.Ordinal);
        return new ArticleRecord
        {
            Id = "a", Status = ArticleStatus.Processed, Text = Text,
            Paragraphs = [new ParagraphRecord(0, 0, secondParagraph - 2), new ParagraphRecord(1, secondParagraph, Text.Length)],
            Sentences = [new SentenceRecord(0, "Ferries start.", 0, 14, 0, "statement", null), new SentenceRecord(1, "...", 15, secondParagraph - 2, 0, "quote", "Ingrid Dahl"),
                new SentenceRecord(2, "Buses stay.", secondParagraph, Text.Length, 1, "statement", null)],
            Quotes = [new QuoteRecord(0, Text[quoteStart..quoteEnd], quoteStart, quoteEnd, "Ingrid Dahl", null, 1, 1)],
            Entities = [new EntityRecord("Ingrid Dahl", "person", null, 1, [new SpanRecord(name, name + 11)])],
        };
    }

    [Fact]
    public void Runs_CoverTheWholeText_InOrder_WithoutGaps()
    {
        var runs = ArticleLayout.Runs(Record());

        Assert.Equal(0, runs[0].Start);
        Assert.Equal(Text.Length, runs[^1].End);
        Assert.All(runs.Zip(runs.Skip(1)), pair => Assert.Equal(pair.First.End, pair.Second.Start));
        Assert.Equal(Text, string.Concat(runs.Select(r => Text[r.Start..r.End])));
    }

    [Fact]
    public void Runs_MarkTheQuote_AndPutTheSpeakerAfterTheClosingMark()
    {
        var runs = ArticleLayout.Runs(Record());

        var quoted = string.Concat(runs.Where(r => r.Quote == 0).Select(r => Text[r.Start..r.End]));
        Assert.Equal("We waited years,", quoted);
        var withSpeaker = Assert.Single(runs, r => r.SpeakerAfter is not null);
        Assert.Equal("Ingrid Dahl", withSpeaker.SpeakerAfter);
        Assert.Equal('"', Text[withSpeaker.End - 1]);
    }

    [Fact]
    public void Runs_MarkEntitiesSentencesAndParagraphs()
    {
        var runs = ArticleLayout.Runs(Record());

        Assert.Equal("Ingrid Dahl", Text[runs.Single(r => r.Entity == 0).Start..runs.Single(r => r.Entity == 0).End]);
        Assert.Equal("Buses stay.", string.Concat(runs.Where(r => r.Paragraph == 1).Select(r => Text[r.Start..r.End])));
        Assert.Contains(runs, r => r.Paragraph == -1 && Text[r.Start..r.End] == "\n\n");
        Assert.Equal(2, runs.First(r => Text[r.Start..r.End].StartsWith("Buses", StringComparison.Ordinal)).Sentence);
    }

    [Fact]
    public void Runs_ClipOffsetsOutOfRange_AndAreEmptyWithoutText()
    {
        var broken = Record() with { Quotes = [new QuoteRecord(0, "x", -5, 10_000, "Someone", null, 0, 0)] };

        var runs = ArticleLayout.Runs(broken);

        Assert.Equal(Text, string.Concat(runs.Select(r => Text[r.Start..r.End])));
        Assert.All(runs, r => Assert.Equal(0, r.Quote));
        Assert.Empty(ArticleLayout.Runs(Record() with { Text = null }));
    }
}
