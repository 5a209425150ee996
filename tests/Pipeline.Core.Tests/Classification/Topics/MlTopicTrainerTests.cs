namespace Pipeline.Core.Tests.Classification.Topics;

using Pipeline.Classification.Ml;
using Pipeline.Core.Classification.Topics;
using Xunit;

public class MlTopicTrainerTests
{
    private static readonly Dictionary<string, string[]> Pools = new()
    {
        ["Sports"] = ["goal", "coach", "season", "striker", "league", "playoff", "inning", "tennis", "medal", "champion", "match", "referee", "stadium", "tournament"],
        ["Business"] = ["profit", "shares", "investors", "quarter", "revenue", "merger", "inflation", "bank", "earnings", "dividend", "retailer", "stocks", "bond", "forecast"],
        ["Sci/Tech"] = ["software", "chip", "internet", "researchers", "telescope", "browser", "smartphone", "genome", "satellite", "server", "linux", "robot", "quantum", "hackers"],
        ["World"] = ["minister", "troops", "election", "parliament", "rebels", "ceasefire", "embassy", "president", "protest", "sanctions", "refugees", "diplomats", "treaty", "coalition"],
    };

    private static readonly string[] Filler = ["the", "said", "on", "a", "new", "after", "week", "it", "was", "of", "in", "to", "and", "more", "than", "year", "first", "over"];

    private static List<LabeledText> Synthetic(int perClass, int seed)
    {
        var random = new Random(seed);
        var items = new List<LabeledText>();
        for (var i = 0; i < perClass; i++)
        {
            foreach (var (label, pool) in Pools)
            {
                var words = Enumerable.Range(0, 14).Select(k => k % 3 == 0 ? pool[random.Next(pool.Length)] : Filler[random.Next(Filler.Length)]);
                items.Add(new LabeledText($"{pool[random.Next(pool.Length)]} {Filler[random.Next(Filler.Length)]}", string.Join(' ', words), [label]));
            }
        }

        return items;
    }

    [Fact]
    public void Train_SeparableSyntheticSet_CrossValidatesWell()
    {
        var model = MlTopicTrainer.Train(Synthetic(60, seed: 1), folds: 2, seed: 7);

        Assert.True(model.Accuracy >= 0.9, $"accuracy {model.Accuracy}");
        Assert.True(model.MacroF1 >= 0.9, $"macro-F1 {model.MacroF1}");
        Assert.Equal(240, model.Confusion.Total);
        Assert.Equal(["Business", "Sci/Tech", "Sports", "World"], model.Labels);
        Assert.StartsWith("h", model.Version, StringComparison.Ordinal);
        Assert.NotEmpty(model.ModelBytes);
    }

    [Fact]
    public void Train_SameDataAndSeed_IsDeterministic()
    {
        var items = Synthetic(30, seed: 2);

        var first = MlTopicTrainer.Train(items, folds: 2, seed: 5);
        var second = MlTopicTrainer.Train(items, folds: 2, seed: 5);

        Assert.Equal(first.Version, second.Version);
        Assert.Equal(first.Accuracy, second.Accuracy);
        using var a = MlTopicClassifier.Load(first.ModelBytes);
        using var b = MlTopicClassifier.Load(second.ModelBytes);
        foreach (var item in Synthetic(5, seed: 3))
        {
            Assert.Equal(a.Classify(item.Title, item.Text), b.Classify(item.Title, item.Text), new TopicScoreComparer());
        }
    }

    [Fact]
    public void Load_TrainedModel_ClassifiesWithVersionedModelId()
    {
        var model = MlTopicTrainer.Train(Synthetic(30, seed: 4), folds: 2, seed: 1, version: "20261122T1010Z");

        using var classifier = MlTopicClassifier.Load(new MemoryStream(model.ModelBytes));
        var topics = classifier.Classify("Striker scores", "the coach said the striker scored a late goal in the league match");

        Assert.Equal("mlnet/20261122T1010Z", classifier.ModelId);
        Assert.Equal("Sports", topics[0].Label);
        Assert.All(topics, t => Assert.InRange(t.Score, 0.0, 1.0));
        Assert.All(topics, t => Assert.Empty(t.Evidence));
    }

    [Fact]
    public void Train_MultiLabelItems_TrainOnFirstLabel()
    {
        var items = Synthetic(20, seed: 6).Select(i => i with { Labels = [i.Labels[0], "Extra"] }).ToList();

        var model = MlTopicTrainer.Train(items, folds: 2, seed: 1);

        Assert.DoesNotContain("Extra", model.Labels);
    }

    [Fact]
    public void Train_SingleLabel_ThrowsArgumentException()
    {
        var items = Enumerable.Range(0, 10).Select(i => new LabeledText(string.Empty, $"text {i}", ["Only"])).ToList();

        Assert.Throws<ArgumentException>(() => MlTopicTrainer.Train(items, folds: 2, seed: 1));
    }

    [Fact]
    public void Train_OneFold_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => MlTopicTrainer.Train(Synthetic(5, seed: 1), folds: 1, seed: 1));
    }

    [Fact]
    public void Load_NotAModel_ThrowsInvalidData()
    {
        Assert.ThrowsAny<InvalidDataException>(() => MlTopicClassifier.Load([1, 2, 3, 4]));
    }

    private sealed class TopicScoreComparer : IEqualityComparer<Pipeline.Core.Articles.TopicScore>
    {
        public bool Equals(Pipeline.Core.Articles.TopicScore? x, Pipeline.Core.Articles.TopicScore? y) =>
            x is not null && y is not null && x.Label == y.Label && x.Score == y.Score;

        public int GetHashCode(Pipeline.Core.Articles.TopicScore obj) => obj.Label.GetHashCode(StringComparison.Ordinal);
    }
}
