using System.Text;
using System.Text.Json;
using Pipeline.Cli;

namespace Pipeline.Integration.Tests;

/// <summary>
/// The `./pipeline` JSON shapes and exit codes are a contract other tools script against: these run the real commands
/// (in-process, against the test Azurite) and check the names scripts rely on.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class CliContractTests(PipelineFixture fixture)
{
    private static readonly string[] RecordFields = ["id", "blobs", "status", "title", "language", "text", "paragraphs", "sentences", "quotes", "topics", "removed"];

    [Fact]
    public async Task ShowJson_ByBlobNameAndById_PrintsTheArticleRecord()
    {
        var blob = PipelineFixture.UniqueName(".html");
        await fixture.DropAsync(blob, TestArticles.Html(blob));
        var stored = await fixture.WaitForArticleAsync(blob);

        var (byBlob, exitByBlob) = await RunAsync("show", blob, "--json");
        var (byId, exitById) = await RunAsync("show", stored.Id, "--json");

        Assert.Equal(0, exitByBlob);
        Assert.Equal(0, exitById);
        Assert.Equal(byBlob, byId);
        using var record = JsonDocument.Parse(byBlob);
        var root = record.RootElement;
        Assert.All(RecordFields, field => Assert.True(root.TryGetProperty(field, out _), $"show --json lacks \"{field}\""));
        Assert.Equal(stored.Id, root.GetProperty("id").GetString());
        var text = root.GetProperty("text").GetString()!;
        foreach (var sentence in root.GetProperty("sentences").EnumerateArray())
        {
            var start = sentence.GetProperty("start").GetInt32();
            var end = sentence.GetProperty("end").GetInt32();
            Assert.Equal(sentence.GetProperty("text").GetString(), text[start..end]);
            Assert.Contains(sentence.GetProperty("role").GetString(), new[] { "statement", "quote", "reported" });
        }

        Assert.All(root.GetProperty("topics").EnumerateArray(), t => Assert.InRange(t.GetProperty("score").GetDouble(), 0, 1));
        Assert.All(root.GetProperty("removed").EnumerateArray(), r => Assert.False(string.IsNullOrEmpty(r.GetProperty("reason").GetString())));
    }

    [Fact]
    public async Task ListJson_PrintsOneJsonObjectPerLine()
    {
        var blob = PipelineFixture.UniqueName(".json");
        await fixture.DropAsync(blob, TestArticles.Json(blob));
        var stored = await fixture.WaitForArticleAsync(blob);

        var (output, exit) = await RunAsync("list", "--json");

        Assert.Equal(0, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var mine = lines.Select(l => JsonDocument.Parse(l).RootElement).Single(e => e.GetProperty("id").GetString() == stored.Id);
        Assert.Equal(blob, mine.GetProperty("blobs")[0].GetString());
        Assert.Equal(stored.Status, mine.GetProperty("status").GetString());
        Assert.True(mine.TryGetProperty("sentenceCount", out _));
    }

    [Fact]
    public async Task Show_UnknownArticle_ExitsOne()
    {
        var (_, exit) = await RunAsync("show", "no-such-blob.html", "--json");

        Assert.Equal(1, exit);
    }

    [Fact]
    public async Task ProcessJson_LocalFile_PrintsTheSameShapeWithoutStorage()
    {
        var path = Path.Combine(Path.GetTempPath(), PipelineFixture.UniqueName(".txt"));
        await File.WriteAllBytesAsync(path, TestArticles.Text(path));
        try
        {
            var (output, exit) = await RunAsync("process", path, "--json");

            Assert.Equal(0, exit);
            using var record = JsonDocument.Parse(output);
            Assert.All(RecordFields, field => Assert.True(record.RootElement.TryGetProperty(field, out _), $"process --json lacks \"{field}\""));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ProcessJson_StageOverItsBudget_ReportsTooComplexAndExitsOne()
    {
        var path = Path.Combine(Path.GetTempPath(), PipelineFixture.UniqueName(".txt"));
        await File.WriteAllBytesAsync(path, TestArticles.Text(path));
        try
        {
            // A budget no stage can meet: the clean stage stops at its first look at the budget.
            var (output, exit) = await RunAsync("process", path, "--json", "--stage-budget-seconds", "0.000001");

            Assert.Equal(1, exit);
            using var record = JsonDocument.Parse(output);
            Assert.Equal("failed", record.RootElement.GetProperty("status").GetString());
            Assert.Equal("clean", record.RootElement.GetProperty("failure").GetProperty("stage").GetString());
            Assert.Equal("too-complex", record.RootElement.GetProperty("failure").GetProperty("code").GetString());
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Runs a command as `./pipeline` would, pointed at the test Azurite, and captures standard output.</summary>
    [Fact]
    public async Task StatusJson_CountsTheBlobTriggersPoisonQueue_BesideOurQueues()
    {
        // The engine's own poison queue: nothing of ours reads it, so status is where a user learns of it.
        var poison = fixture.Connection.QueueService().GetQueueClient(Storage.ResourceNames.PoisonQueueOf(Storage.ResourceNames.BlobTriggerQueue));
        await poison.CreateIfNotExistsAsync();
        var sent = await poison.SendMessageAsync(Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"BlobName\":\"given-up.html\"}")));
        try
        {
            var (output, exit) = await RunAsync("status", "--json");

            Assert.Equal(0, exit);
            using var status = JsonDocument.Parse(output);
            Assert.True(status.RootElement.GetProperty("blobTriggerPoison").GetInt32() >= 1);
            Assert.Equal(fixture.Names.Queues, status.RootElement.GetProperty("queues").EnumerateArray().Select(q => q.GetProperty("queue").GetString()));
        }
        finally
        {
            await poison.DeleteMessageAsync(sent.Value.MessageId, sent.Value.PopReceipt);
        }
    }

    [Fact]
    public async Task UpJson_MovesRowsAnEarlierVersionWrote_SoTopicFindsThemBeforeAnyHostStarts()
    {
        var label = $"estuaries {Guid.NewGuid():N}"[..20];
        var articleId = Guid.NewGuid().ToString("N");
        var topics = fixture.Connection.TableService().GetTableClient(fixture.Names.TopicsTable);
        await topics.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(Storage.TableKeys.ForName(label), Storage.TableKeys.NewestFirst(DateTimeOffset.UtcNow) + "_" + articleId)
        {
            ["ArticleId"] = articleId, ["Label"] = label, ["Score"] = 0.8, ["Title"] = "Estuary walls raised",
        });

        var (output, exit) = await RunAsync("up", "--json");

        Assert.Equal(0, exit);
        using (var up = JsonDocument.Parse(output))
        {
            Assert.True(up.RootElement.GetProperty("indexRowsMoved").GetInt32() >= 1);
        }

        var (found, topicExit) = await RunAsync("topic", label, "--json");
        Assert.Equal(0, topicExit);
        Assert.Contains(articleId, found, StringComparison.Ordinal);
    }

    private async Task<(string Output, int Exit)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        var capture = new StringWriter(new StringBuilder());
        Console.SetOut(capture);
        try
        {
            var exit = await CommandCatalog.BuildRoot().Parse([.. args, "--connection", fixture.Azurite.ConnectionString]).InvokeAsync();
            return (capture.ToString(), exit);
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
