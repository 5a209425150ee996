using Pipeline.Evaluation.Cleaning;
using Xunit;

namespace Pipeline.Core.Tests.Cleaning;

public class AebMetricTests
{
    [Theory]
    [InlineData("one, two:three", new[] { "one", "two", "three" })]
    [InlineData("snake_case stays", new[] { "snake_case", "stays" })]
    [InlineData("it's", new[] { "it", "s" })]
    [InlineData("¾ and x³", new[] { "¾", "and", "x³" })]
    [InlineData("Ⅻ roman", new[] { "Ⅻ", "roman" })]
    [InlineData("café", new[] { "café" })]
    [InlineData("cafe\u0301", new[] { "cafe" })]
    [InlineData("🙂 smile", new[] { "smile" })]
    [InlineData("日本語のテキスト", new[] { "日本語のテキスト" })]
    [InlineData("", new string[0])]
    public void Tokenize_FollowsPythonUnicodeWordRules(string text, string[] expected)
    {
        Assert.Equal(expected, AebMetric.Tokenize(text));
    }

    [Fact]
    public void Score_Identical_IsAllTruePositive()
    {
        var score = AebMetric.Score("one two three four five", "one two three four five");

        Assert.Equal(new ShingleScore(1, 0, 0), score);
        Assert.Equal(1, score.Precision);
        Assert.Equal(1, score.Recall);
    }

    [Fact]
    public void Score_ExtraTrailingToken_CostsOneShingleOfThree()
    {
        // Truth has shingles (1..4), (2..5); prediction adds (3..6).
        var score = AebMetric.Score("one two three four five", "one two three four five six");

        Assert.Equal(2 / 3.0, score.TruePositive, 12);
        Assert.Equal(1 / 3.0, score.FalsePositive, 12);
        Assert.Equal(0, score.FalseNegative);
    }

    [Fact]
    public void Score_ShortTexts_AreOneShingleEach()
    {
        var score = AebMetric.Score("x y", "x");

        Assert.Equal(new ShingleScore(0, 0.5, 0.5), score);
    }

    [Fact]
    public void Score_RepeatedShingles_CountAsMultiset()
    {
        var score = AebMetric.Score("a b c d a b c d", "a b c d");

        // Truth: abcd, bcda, cdab, dabc, abcd (abcd twice); prediction: abcd once.
        Assert.Equal(new ShingleScore(0.2, 0, 0.8), score);
    }

    [Fact]
    public void Score_BothEmpty_IsAllZero()
    {
        Assert.Equal(new ShingleScore(0, 0, 0), AebMetric.Score("", " ,. "));
    }

    [Fact]
    public void Summarize_EmptyPrediction_CostsRecallOnly()
    {
        var pages = new List<(ShingleScore, bool)>
        {
            (new ShingleScore(1, 0, 0), true),
            (new ShingleScore(0, 0, 1), false),
        };

        var summary = AebMetric.Summarize(pages);

        Assert.Equal(1, summary.Precision);
        Assert.Equal(0.5, summary.Recall);
        Assert.Equal(2 * 0.5 / 1.5, summary.F1, 12);
        Assert.Equal(0.5, summary.Accuracy);
    }

    [Fact]
    public void TokensEqual_IgnoresPunctuationAndSpacing()
    {
        Assert.True(AebMetric.TokensEqual("Hello, world!\n\nBye.", "Hello world Bye"));
        Assert.False(AebMetric.TokensEqual("Hello world", "hello world"));
    }
}
