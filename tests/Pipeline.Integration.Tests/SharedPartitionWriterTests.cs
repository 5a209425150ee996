using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// The group commit of rows in shared partitions, on the fixture's Azurite: writes that arrive while one is under way
/// go out together, every caller's rows land, and a refused row fails its own caller only.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class SharedPartitionWriterTests(PipelineFixture fixture)
{
    [Fact]
    public async Task WritesThatArriveWhileOneIsUnderWay_GoOutTogether_AndAllLand()
    {
        var (table, writer, hold, first) = await WriteHeldAsync("S0", "a|000");
        var others = Enumerable.Range(1, 9).Select(i => writer.UpsertAsync(table, [Row("S0", $"a|{i:D3}")], CancellationToken.None)).ToList();
        hold.Release();
        await Task.WhenAll(others.Append(first)).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(2, hold.Count); // the first alone, then the nine that waited in one transaction
        Assert.Equal(10, await CountRowsAsync(table, "S0"));
    }

    [Fact]
    public async Task ARowTheServiceRefuses_FailsItsOwnWriterOnly()
    {
        var (table, writer, hold, first) = await WriteHeldAsync("S1", "b|000");
        var good = writer.UpsertAsync(table, [Row("S1", "b|001"), Row("S1", "b|002")], CancellationToken.None);
        var refused = writer.UpsertAsync(table, [Row("S1", "b#003")], CancellationToken.None); // '#' is not allowed in a key
        var alsoGood = writer.UpsertAsync(table, [Row("S1", "b|004")], CancellationToken.None);
        hold.Release();

        await first;
        await good;
        await alsoGood;
        var error = await Assert.ThrowsAnyAsync<RequestFailedException>(() => refused);
        Assert.Equal(400, error.Status);
        Assert.Equal(4, await CountRowsAsync(table, "S1"));
    }

    [Fact]
    public async Task TwoWritesOfOneKey_LandInTheOrderTheyArrived()
    {
        var (table, writer, hold, first) = await WriteHeldAsync("S2", "c|000");
        var earlier = writer.UpsertAsync(table, [Row("S2", "c|001", "earlier")], CancellationToken.None);
        var later = writer.UpsertAsync(table, [Row("S2", "c|001", "later")], CancellationToken.None);
        hold.Release();
        await Task.WhenAll(first, earlier, later).WaitAsync(TimeSpan.FromSeconds(30));

        var row = await fixture.Connection.TableService().GetTableClient(table).GetEntityAsync<TableEntity>("S2", "c|001");
        Assert.Equal("later", row.Value.GetString("Text"));
    }

    [Fact]
    public void Batches_KeepEachTransactionUnderTheServicesCountAndSizeLimits()
    {
        var small = Enumerable.Range(0, 250).Select(i => new TableEntity("S0", $"k|{i:D3}") { ["Name"] = "x" });
        Assert.Equal([100, 100, 50], SharedPartitionWriter.Batches(small).Select(b => b.Count));

        var longQuotes = Enumerable.Range(0, 60).Select(i => new TableEntity("S1", $"q|{i:D3}") { ["Text"] = new string('é', 30_000) }).ToList();
        var batches = SharedPartitionWriter.Batches(longQuotes).ToList();
        Assert.True(batches.Count > 1);
        Assert.Equal(60, batches.Sum(b => b.Count));
        Assert.All(batches, b => Assert.True(b.Sum(e => System.Text.Encoding.UTF8.GetByteCount((string)e["Text"])) < 4 * 1024 * 1024));
    }

    /// <summary>A writer on a new table whose first write (<paramref name="key"/>) is under way and held until released.</summary>
    private async Task<(string Table, SharedPartitionWriter Writer, HoldFirstRequest Hold, Task First)> WriteHeldAsync(string partition, string key)
    {
        var table = await NewTableAsync();
        var hold = new HoldFirstRequest();
        var writer = new SharedPartitionWriter(fixture.Connection.WithRequestPolicy(hold));
        var first = writer.UpsertAsync(table, [Row(partition, key)], CancellationToken.None);
        await hold.FirstArrived.WaitAsync(TimeSpan.FromSeconds(10));
        return (table, writer, hold, first);
    }

    private static TableEntity Row(string partition, string key, string text = "x") => new(partition, key) { ["Text"] = text };

    private async Task<string> NewTableAsync()
    {
        var name = "shared" + Guid.NewGuid().ToString("N")[..12];
        await fixture.Connection.TableService().CreateTableIfNotExistsAsync(name);
        return name;
    }

    private async Task<int> CountRowsAsync(string table, string partition)
    {
        var count = 0;
        await foreach (var _ in fixture.Connection.TableService().GetTableClient(table).QueryAsync<TableEntity>($"PartitionKey eq '{partition}'"))
        {
            count++;
        }

        return count;
    }

    /// <summary>Holds the first request until released, so that the writes after it are known to arrive while it is under way; counts them all.</summary>
    private sealed class HoldFirstRequest : HttpPipelinePolicy
    {
        private readonly TaskCompletionSource released = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource firstArrived = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int count;

        public Task FirstArrived => firstArrived.Task;

        public int Count => Volatile.Read(ref count);

        public void Release() => released.TrySetResult();

        public override void Process(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(HttpMessage message, ReadOnlyMemory<HttpPipelinePolicy> pipeline)
        {
            if (Interlocked.Increment(ref count) == 1)
            {
                firstArrived.TrySetResult();
                await released.Task.ConfigureAwait(false);
            }

            await ProcessNextAsync(message, pipeline).ConfigureAwait(false);
        }
    }
}
