using Pipeline.Evaluation;
using Pipeline.Evaluation.Duplicates;
using Xunit;

namespace Pipeline.Core.Tests.Classification.Duplicates;

public class DuplicateEvaluationTests
{
    [Fact]
    public void Evaluate_LabeledPairs_CountsConfusionMatrix()
    {
        const string story = "The central bank left interest rates unchanged on Thursday but signalled that cuts could come as early as the spring, as inflation cooled faster than expected across the region.";
        const string other = "Farmers in the north face a second year of water restrictions after reservoirs fell to a fraction of their capacity, regional authorities said on Friday evening.";
        var pairs = new[]
        {
            new DuplicatePair(story, "(Reuters) - " + story, true, "syndicated"),
            new DuplicatePair(story, other, false, "different"),
            new DuplicatePair(other, story, true, "mislabeled"),
        };

        var result = DuplicateEvaluation.Evaluate(pairs);

        Assert.Equal((1, 0, 1, 1), (result.TruePositives, result.FalsePositives, result.FalseNegatives, result.TrueNegatives));
        Assert.Equal(1.0, result.Precision);
        Assert.Equal(0.5, result.Recall);
        Assert.Contains("\"precision\":1", DuplicateEvaluation.RenderJson(result), StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFile_ThrowsUserError()
    {
        Assert.Throws<EvaluationDataException>(() => DuplicateEvaluation.Load(Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".jsonl")));
    }

    [Fact]
    public void Load_LineWithoutLabel_ThrowsWithLineNumber()
    {
        var path = Path.Combine(Path.GetTempPath(), Guid.NewGuid() + ".jsonl");
        File.WriteAllText(path, "{\"a\": \"x\", \"b\": \"y\", \"duplicate\": true}\n{\"a\": \"x\", \"b\": \"y\"}\n");
        try
        {
            var ex = Assert.Throws<EvaluationDataException>(() => DuplicateEvaluation.Load(path));
            Assert.Contains(":2:", ex.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}
