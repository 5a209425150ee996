using System.Text;
using Pipeline.Evaluation.Segmentation;
using Xunit;

namespace Pipeline.Core.Tests.Segmentation;

public class SegmentBenchmarkTests
{
    [Fact]
    public void ScoreGolden_OwnRules_CountsExactMatches()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """
                [
                  {"id": 1, "text": "Rain fell. Roads flooded.", "expected": ["Rain fell.", "Roads flooded."]},
                  {"id": "two", "text": "Dr. Ono left.", "expected": ["Dr.", "Ono left."]}
                ]
                """, Encoding.UTF8);
            var rules = SegmentBenchmark.LoadGolden(path);
            var result = SegmentBenchmark.ScoreGolden(rules);

            Assert.Equal(1, result.Passed);
            Assert.Equal(2, result.Total);
            Assert.Equal(["two"], result.FailedIds);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void LoadGolden_WrongShape_ThrowsInvalidData()
    {
        var path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, """{"text": "not an array"}""");
            Assert.Throws<InvalidDataException>(() => SegmentBenchmark.LoadGolden(path));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void BuildCorpus_TargetSize_IsReachedDeterministically()
    {
        var first = SegmentBenchmark.BuildCorpus(50_000);
        var second = SegmentBenchmark.BuildCorpus(50_000);
        Assert.True(first.Sum(a => Encoding.UTF8.GetByteCount(a)) >= 50_000);
        Assert.Equal(first, second);
    }
}
