namespace Pipeline.Core.Tests.Classification.Topics;

using Pipeline.Core.Articles;
using Pipeline.Core.Classification;
using Pipeline.Core.Classification.Topics;
using Pipeline.Evaluation.Topics;
using Xunit;

public class TopicEvaluatorTests
{
    [Fact]
    public void Parse_JsonLines_ReadsTitleTextAndLabels()
    {
        var items = TopicDataSet.Parse("{\"title\": \"T\", \"text\": \"body\", \"labels\": [\"Sports\", \"World\"]}\n\n{\"text\": \"x\", \"label\": \"Business\"}\n");

        Assert.Equal(2, items.Count);
        Assert.Equal(new[] { "Sports", "World" }, items[0].Labels);
        Assert.Equal(string.Empty, items[1].Title);
        Assert.Equal(new[] { "Business" }, items[1].Labels);
    }

    [Theory]
    [InlineData("{\"text\": \"x\"}")]
    [InlineData("{\"labels\": [\"a\"]}")]
    [InlineData("not json")]
    [InlineData("{\"text\": \"x\", \"labels\": \"a\"}")]
    public void Parse_BadLine_ThrowsFormatExceptionNamingTheLine(string line)
    {
        var ex = Assert.Throws<FormatException>(() => TopicDataSet.Parse("{\"text\": \"ok\", \"labels\": [\"a\"]}\n" + line));

        Assert.StartsWith("Line 2", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_MappedLabels_CountsTopLabelAgainstAnyItemLabel()
    {
        var items = new List<LabeledText>
        {
            new("", "sport", ["Sports"]),
            new("", "economy", ["Business"]),
            new("", "economy", ["World", "Business"]),
            new("", "sport", ["World"]),
        };
        var map = LabelMap.Parse("""{"sport": "Sports", "economy": "Business"}""");

        var report = TopicEvaluator.Evaluate(new EchoClassifier(), items, map);

        Assert.Equal(4, report.N);
        Assert.Equal(0.75, report.Accuracy);
        Assert.Equal(1, report.Confusion.Count("World", "Sports"));
        Assert.Equal(2, report.Confusion.Count("Business", "Business"));
        var world = report.PerLabel.Single(m => m.Label == "World");
        Assert.Equal(0, world.Recall);
    }

    [Fact]
    public void ConfusionMatrix_MacroF1_AveragesOverTrueLabels()
    {
        var confusion = new ConfusionMatrix();
        confusion.Add("a", "a");
        confusion.Add("a", "b");
        confusion.Add("b", "b");
        confusion.Add("b", "b");

        // a: P=1, R=0.5, F1=2/3; b: P=2/3, R=1, F1=0.8.
        Assert.Equal(0.75, confusion.Accuracy);
        Assert.Equal(((2.0 / 3) + 0.8) / 2, confusion.MacroF1, 10);
    }

    /// <summary>Returns the text itself as the label: lets the test pick each prediction.</summary>
    private sealed class EchoClassifier : ITopicClassifier
    {
        public string ModelId => "echo/1";

        public IReadOnlyList<TopicScore> Classify(string title, string text) => [new TopicScore(text, 1, [])];
    }
}
