using Pipeline.Core.Segmentation;
using Pipeline.Evaluation;
using Pipeline.Evaluation.Entities;
using Xunit;

namespace Pipeline.Core.Tests.Classification.Entities;

public sealed class EntityEvaluationTests : IDisposable
{
    private readonly string folder = Path.Combine(Path.GetTempPath(), "entity-eval-" + Guid.NewGuid().ToString("N"));

    public EntityEvaluationTests()
    {
        Directory.CreateDirectory(folder);
        // An AEB-style folder: paragraphs separated by one line break.
        File.WriteAllText(Path.Combine(folder, "ground-truth.json"), """
            {"a1": {"articleBody": "Mayor Tomas Reyes met officials of the FBI in Brackley on Monday.\nHe said the river was safe.", "url": "https://example.org/a1"}}
            """);
    }

    [Fact]
    public void Evaluate_CountsPerKindWithAliasesOptionalsAndReportedSpeech()
    {
        var gold = Path.Combine(folder, "gold.json");
        File.WriteAllText(gold, """
            {"articles": [{"id": "a1", "split": "heldout",
              "entities": [{"name": "Tomas Reyes", "kind": "person"},
                           {"name": "FBI", "kind": "organization"},
                           {"name": "Brackley", "kind": "place"},
                           {"name": "Emmet", "kind": "place", "optional": true},
                           {"name": "Harlow", "kind": "place"}],
              "reported": [{"sentence": "He said the river", "speaker": "Tomas Reyes"}]}]}
            """);

        var articles = EntityEvaluation.Load(folder, gold);
        var result = EntityEvaluation.Evaluate(articles, "heldout", a => ArticleSegmenter.Segment(a, SegmentationOptions.Default));

        // The gazetteer reports "Federal Bureau of Investigation": still the annotated FBI.
        var organisations = result.Kinds.Single(k => k.Kind == "organization");
        Assert.Equal((1, 1), (organisations.FoundGold, organisations.Gold));
        var places = result.Kinds.Single(k => k.Kind == "place");
        Assert.Equal((1, 2), (places.FoundGold, places.Gold));
        Assert.Equal(1.0, result.All.Precision);
        Assert.Equal(1, result.ReportedCorrect);
        Assert.Contains(result.Misses, m => m.What == "missed" && m.Expected.StartsWith("Harlow", StringComparison.Ordinal));
        Assert.Equal(0, EntityEvaluation.Evaluate(articles, "dev", a => ArticleSegmenter.Segment(a, SegmentationOptions.Default)).Articles);
    }

    [Fact]
    public void Load_QuoteNotInText_IsADataError()
    {
        var gold = Path.Combine(folder, "bad.json");
        File.WriteAllText(gold, """{"articles": [{"id": "a1", "quotes": [{"quote": "never said", "speaker": null}]}]}""");

        Assert.Throws<EvaluationDataException>(() => EntityEvaluation.Load(folder, gold));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
