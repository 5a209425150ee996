using Pipeline.Evaluation.Attribution;
using Xunit;

namespace Pipeline.Core.Tests.Classification.Attribution;

public class SpeakerEvaluationTests
{
    [Theory]
    [InlineData("Bahram Qassemi", "bahram  qassemi")]
    [InlineData("Mr. Joao Pires", "João Pires")]
    [InlineData("S. Somanath", "S Somanath")]
    [InlineData("Dr. Abdou Salam Gueye", "abdou salam gueye")]
    public void Canonical_NameVariants_Compare(string a, string b)
    {
        Assert.Equal(SpeakerEvaluation.Canonical(a), SpeakerEvaluation.Canonical(b));
    }

    [Fact]
    public void Evaluate_AnnotatedItems_CountsPrecisionAndRecall()
    {
        var items = new[]
        {
            new SpeakerItem("a", "“We will strike,” Mick Dalton said. “Nobody wants this.”",
                [new AnnotatedQuote("We will strike,", "Mick Dalton"), new AnnotatedQuote("Nobody wants this.", "Mick Dalton")]),
            new SpeakerItem("b", "The report said prices would rise “sharply”.", [new AnnotatedQuote("sharply", null)]),
        };

        var result = SpeakerEvaluation.Evaluate(items, article => Pipeline.Core.Segmentation.ArticleSegmenter.Segment(article, Pipeline.Core.Segmentation.SegmentationOptions.Default));

        Assert.Equal(3, result.N);
        Assert.Equal(2, result.Expected);
        Assert.Equal(2, result.Correct);
        Assert.Equal(1.0, result.Precision);
        Assert.Equal(1.0, result.Recall);
    }
}
