using System.Text;
using Pipeline.Classification.Ml;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Topics;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>A model trained by the user reaches running hosts as a versioned blob, and results say which model made them.</summary>
[Collection(PipelineCollection.Name)]
public sealed class TrainedModelTests(PipelineFixture fixture)
{
    [Fact]
    public async Task StoredModel_IsUsedByClassifyStage_AndNamedOnTheResult()
    {
        var items = new List<LabeledText>();
        string[] sport = ["The striker scored twice as the home team won the derby", "The coach praised the defence after a goalless draw", "The champion won the final set to lift the trophy", "The goalkeeper saved a penalty in the last minute of the match"];
        string[] money = ["Shares fell after the bank cut its profit forecast", "The central bank raised interest rates to curb inflation", "The company reported record quarterly revenue and a higher dividend", "Investors sold bonds as the currency weakened against the dollar"];
        for (var i = 0; i < 6; i++)
        {
            items.AddRange(sport.Select(t => new LabeledText(string.Empty, $"{t} ({i})", ["sport"])));
            items.AddRange(money.Select(t => new LabeledText(string.Empty, $"{t} ({i})", ["economy"])));
        }

        var version = "20991231T235959Z"; // sorts after any real training time, so it is the newest model
        var model = MlTopicTrainer.Train(items, folds: 2, seed: 7, version);
        await new TopicModelStore(fixture.Connection, fixture.Names).UploadAsync(version, model.ModelBytes, CancellationToken.None);

        const string text = """
            Late goal wins the cup final

            The striker scored in the last minute of the match and the home team won the trophy in front of a record crowd on Saturday evening.

            The coach praised the defence, which had not conceded a goal in the whole tournament, and said the players deserved the celebration.

            The goalkeeper saved a penalty early in the second half, keeping the score level until the winning goal arrived. Reference
            """;
        ArticleRecord? record = null;
        for (var attempt = 0; attempt < 10 && record?.TopicModel != $"mlnet/{version}"; attempt++)
        {
            // The host checks for models every second here; drop again until a run after the upload has picked it up.
            var name = PipelineFixture.UniqueName(".txt");
            await fixture.DropAsync(name, Encoding.UTF8.GetBytes(text + name));
            record = await fixture.WaitForArticleAsync(name);
        }

        Assert.True(record!.Status != ArticleStatus.Failed, record.Failure?.Reason);
        Assert.Equal($"mlnet/{version}", record.TopicModel);
        Assert.Equal("sport", record.Topics[0].Label);
    }
}
