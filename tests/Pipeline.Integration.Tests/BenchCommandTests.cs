using System.Text;
using System.Text.Json;
using Pipeline.Cli;

namespace Pipeline.Integration.Tests;

/// <summary>
/// `bench pipeline --floor` and `bench idle` print figures that people compare across runs: these run them small, on
/// their own private Azurite, and check that every figure is there and was measured (never the figures' size: speed is
/// measured by the benchmarks, not asserted by tests). In the pipeline collection because they capture the console.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class BenchCommandTests
{
    [Fact]
    public async Task BenchPipelineWithFloor_ReportsTheFloorAndTheRatio_AndTheFloorHostRunsOnlyItsOwnFunctions()
    {
        var (output, exit) = await RunAsync("bench", "pipeline", "--articles", "3", "--path", "trigger", "--floor", "--json");

        Assert.Equal(0, exit);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3, result.GetProperty("articles").GetInt32());
        Assert.Equal(0, result.GetProperty("failed").GetInt32());
        Assert.Equal("memory", result.GetProperty("persist").GetString());
        Assert.True(result.GetProperty("requestsPerArticle").GetDouble() > 0);

        // The floor host starts only if it indexes its own functions alone: the pipeline's need services it lacks.
        var floorRate = result.GetProperty("floorArticlesPerSecond").GetDouble();
        Assert.True(floorRate > 0);
        Assert.True(result.GetProperty("floorRequestsPerArticle").GetDouble() > 0);
        Assert.Equal(Math.Round(result.GetProperty("articlesPerSecond").GetDouble() / floorRate, 2), result.GetProperty("ratioToFloor").GetDouble());
    }

    [Fact]
    public async Task BenchPipelineWithoutFloor_KeepsItsShape()
    {
        var (output, exit) = await RunAsync("bench", "pipeline", "--articles", "2", "--persist", "disk", "--json");

        Assert.Equal(0, exit);
        var result = JsonDocument.Parse(output).RootElement;
        Assert.Equal("disk", result.GetProperty("persist").GetString());
        Assert.Equal("submit", result.GetProperty("path").GetString());
        foreach (var field in new[] { "elapsedSeconds", "articlesPerSecond", "latencyP50Ms", "latencyP95Ms", "idleLatencyMs", "blobPerArticle", "queuePerArticle", "tablePerArticle", "idleRequestsPerSecond" })
        {
            Assert.True(result.TryGetProperty(field, out _), $"bench pipeline --json lacks \"{field}\"");
        }

        Assert.False(result.TryGetProperty("floorArticlesPerSecond", out _));

        // Each hop of the articles dropped one at a time; together they make up the drop-to-result time.
        var hops = result.GetProperty("idleHopsMs");
        var parts = new[] { "dropToIngest", "ingestToClean", "cleanToSegment", "segmentToResult" }.Select(h => hops.GetProperty(h).GetDouble()).ToList();
        Assert.All(parts, ms => Assert.True(ms >= 0));
        Assert.True(parts.Sum() > 0);
    }

    [Fact]
    public async Task BenchIdle_SeedsTheContainer_AndMeasuresRequestsAndCpu()
    {
        var (output, exit) = await RunAsync("bench", "idle", "--blobs", "12", "--seconds", "3", "--settle", "0", "--json");

        Assert.Equal(0, exit);
        var run = Assert.Single(JsonDocument.Parse(output).RootElement.EnumerateArray());
        Assert.Equal(12, run.GetProperty("blobs").GetInt32());
        Assert.False(run.GetProperty("firstSweep").GetBoolean()); // the sweep cursor is seeded unless --first-sweep asks otherwise

        // The seeding writes what a host that had ingested the blobs leaves behind, in the engine's receipt layout: if an
        // engine upgrade changed that layout, the host would ingest them again and the idle figures would measure work.
        Assert.Equal(0, run.GetProperty("reingested").GetInt32());

        // An idle host still polls its queues, and Azurite answers: both are measured, so neither is zero.
        Assert.True(run.GetProperty("queuePerSecond").GetDouble() > 0);
        Assert.True(run.GetProperty("requestsPerSecond").GetDouble() >= run.GetProperty("queuePerSecond").GetDouble());
        Assert.True(run.GetProperty("azuriteCpuMsPerSecond").GetDouble() > 0);
        Assert.True(run.GetProperty("hostCpuMsPerSecond").GetDouble() > 0);
    }

    [Fact]
    public async Task BenchIdle_RefusesAnEmptyContainerSize()
    {
        var (_, exit) = await RunAsync("bench", "idle", "--blobs", "0");

        Assert.Equal(1, exit);
    }

    private static async Task<(string Output, int Exit)> RunAsync(params string[] args)
    {
        var original = Console.Out;
        var capture = new StringWriter(new StringBuilder());
        Console.SetOut(capture);
        try
        {
            var exit = await CommandCatalog.BuildRoot().Parse(args).InvokeAsync();
            return (capture.ToString(), exit);
        }
        finally
        {
            Console.SetOut(original);
        }
    }
}
