using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Local;
using Pipeline.Core;
using Pipeline.Core.Articles;
using Pipeline.Evaluation;
using Pipeline.Functions;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline bench pipeline</c>: the whole pipeline on a private Azurite, counting every storage request the process
/// makes (our clients and the WebJobs engine alike, through .NET's <c>System.Net.Http</c> meter) and the time from
/// drop to result. Completion is observed from the host's own log events, so the measurement adds no storage requests.
/// </summary>
internal static class BenchPipelineCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--articles") { Description = "How many articles to drop together (copies of the samples, each made unique), after a warm-up and a few dropped one at a time.", DefaultValueFactory = _ => 60 };
        var path = new Option<string>("--path") { Description = "submit: upload + submit message, as `drop` does (requests are counted until the blob trigger's scan has also seen the blobs); trigger: upload only, found by the blob trigger's scan.", DefaultValueFactory = _ => "submit" };
        path.AcceptOnlyFromAmong("submit", "trigger");
        var samples = new Option<string?>("--samples") { Description = "Folder of .html/.txt/.json articles to copy (default: samples/articles)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var breakdown = new Option<bool>("--breakdown") { Description = "Also say where the requests go: per article, by service, verb and table, queue or container (idle polling subtracted)." };
        var floor = new Option<bool>("--floor") { Description = "Then run the same engine with trivial stages (blob trigger, three queue hops, one sentence batch and one article row) on a fresh Azurite of the same kind, and report its articles/s and the pipeline's ratio to it." };
        var persist = new Option<string>("--persist") { Description = "memory: Azurite keeps its data in memory; disk: in a temp folder, as `pipeline up` does (every request costs more).", DefaultValueFactory = _ => "memory" };
        persist.AcceptOnlyFromAmong("memory", "disk");
        var command = new Command("pipeline", "Run the whole pipeline on a private Azurite and report storage requests per article, throughput and drop-to-result latency.")
        {
            count, path, samples, json, breakdown, floor, persist,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var sources = SampleArticles(parseResult.GetValue(samples));

            var articles = parseResult.GetValue(count);
            if (articles < 1)
            {
                throw new UserErrorException("--articles must be at least 1.");
            }

            var settings = new BenchSettings(sources, articles, parseResult.GetValue(path) == "trigger", parseResult.GetValue(breakdown), parseResult.GetValue(persist) == "disk");
            var result = await MeasureAsync(Stages.Pipeline, settings, cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(floor))
            {
                // The floor always goes through the blob trigger: it has no submit queue.
                var floorRun = await MeasureAsync(Stages.Floor, settings with { TriggerOnly = true, Breakdown = false }, cancellationToken).ConfigureAwait(false);
                result = result with
                {
                    FloorArticlesPerSecond = floorRun.ArticlesPerSecond,
                    FloorRequestsPerArticle = floorRun.RequestsPerArticle,
                    FloorLatencyP50Ms = floorRun.LatencyP50Ms,
                    RatioToFloor = floorRun.ArticlesPerSecond > 0 ? Math.Round(result.ArticlesPerSecond / floorRun.ArticlesPerSecond, 2) : null,
                };
            }

            if (parseResult.GetValue(json))
            {
                Output.Json(result);
            }
            else
            {
                Console.WriteLine($"articles            {result.Articles} dropped together after {IdleSamples + 1} one at a time ({result.Failed} failed), path: {result.Path}, Azurite data in {result.Persist}");
                Console.WriteLine($"elapsed             {result.ElapsedSeconds:0.0} s  ->  {result.ArticlesPerSecond:0.0} articles/s");
                Console.WriteLine($"drop -> result      p50 {result.LatencyP50Ms:0} ms   p95 {result.LatencyP95Ms:0} ms   under load;  idle pipeline: {result.IdleLatencyMs:0} ms (median of {IdleSamples}, one at a time)");
                if (result.IdleHopsMs is { } hops)
                {
                    Console.WriteLine($"idle hops (median)  drop -> ingested {hops["dropToIngest"]:0} ms, -> cleaned {hops["ingestToClean"]:0}, -> segmented {hops["cleanToSegment"]:0}, -> result {hops["segmentToResult"]:0}");
                }

                Console.WriteLine($"storage requests    {result.RequestsPerArticle:0.0} per article (blob {result.BlobPerArticle:0.0}, queue {result.QueuePerArticle:0.0}, table {result.TablePerArticle:0.0}); " +
                                  $"idle polling {result.IdleRequestsPerSecond:0.0}/s subtracted; counted over {result.CountedSeconds:0.0} s" +
                                  (result.TriggerSawDropped is { } seen ? $", until the blob trigger had also seen {seen} of the {result.Articles} blobs" : string.Empty));
                foreach (var (operation, perArticle) in result.Breakdown ?? new Dictionary<string, double>())
                {
                    Console.WriteLine($"  {perArticle,6:0.00}  {operation}");
                }

                if (result.FloorArticlesPerSecond is { } floorRate)
                {
                    Console.WriteLine($"floor               {floorRate:0.0} articles/s, {result.FloorRequestsPerArticle:0.0} requests per article, drop -> result p50 {result.FloorLatencyP50Ms:0} ms " +
                                      $"(same engine, trivial stages, blob trigger)  ->  ratio to floor {result.RatioToFloor:0.00}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private const int IdleSamples = 5;

    /// <summary>The .html/.txt/.json articles of a folder (default: samples/articles), in name order; refuses an empty one.</summary>
    internal static IReadOnlyList<string> SampleArticles(string? folder)
    {
        folder ??= Path.Combine(RepoPaths.RequireRoot(), "samples", "articles");
        var sources = Directory.EnumerateFiles(folder).Where(f => Path.GetExtension(f) is ".html" or ".htm" or ".txt" or ".json").Order(StringComparer.Ordinal).ToList();
        return sources.Count > 0 ? sources : throw new UserErrorException($"No .html, .txt or .json articles in {folder}.");
    }

    private enum Stages
    {
        Pipeline,
        Floor,
    }

    private sealed record BenchSettings(IReadOnlyList<string> Sources, int Articles, bool TriggerOnly, bool Breakdown, bool OnDisk);

    internal sealed record BenchResult(string Path, int Articles, int Failed, double ElapsedSeconds, double ArticlesPerSecond, double LatencyP50Ms, double LatencyP95Ms,
        double IdleLatencyMs, double RequestsPerArticle, double BlobPerArticle, double QueuePerArticle, double TablePerArticle, double IdleRequestsPerSecond)
    {
        /// <summary>Where Azurite kept its data: memory or disk.</summary>
        public string Persist { get; init; } = "memory";

        /// <summary>The same engine with trivial stages (only with --floor).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public double? FloorArticlesPerSecond { get; init; }

        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public double? FloorRequestsPerArticle { get; init; }

        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public double? FloorLatencyP50Ms { get; init; }

        /// <summary>articlesPerSecond / floorArticlesPerSecond.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public double? RatioToFloor { get; init; }

        /// <summary>Median milliseconds of each hop over the articles dropped one at a time (the pipeline only, not the floor).</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyDictionary<string, double>? IdleHopsMs { get; init; }

        /// <summary>
        /// Submit path: of the articles dropped together, how many the blob trigger's scan had also handed to ingest
        /// when counting stopped; its work for them is in the request figures.
        /// </summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public int? TriggerSawDropped { get; init; }

        /// <summary>Seconds over which requests were counted: to the last result, and on the submit path on until the trigger had seen the blobs (or saw none for 30 s).</summary>
        public double CountedSeconds { get; init; }

        /// <summary>Requests per article by operation ("table GET articles(key)"), largest first; only with --breakdown.</summary>
        [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
        public IReadOnlyDictionary<string, double>? Breakdown { get; init; }
    }

    private static async Task<BenchResult> MeasureAsync(Stages stages, BenchSettings settings, CancellationToken cancellationToken)
    {
        var (sources, articles, triggerOnly, breakdown, onDisk) = settings;
        using var azurite = AzuriteInstance.Start(onDisk);
        var connection = StorageConnection.FromConnectionString(azurite.ConnectionString);
        if (stages == Stages.Floor)
        {
            await FloorFunctions.ProvisionAsync(connection, cancellationToken).ConfigureAwait(false);
        }

        // Counted from here on: provisioning the floor is not part of its cost, as the pipeline's start-up is not.
        using var requests = new StorageRequestCounter(byOperation: breakdown);
        var done = new ConcurrentDictionary<string, (DateTimeOffset At, bool Failed)>();
        var marks = new ConcurrentDictionary<string, ConcurrentDictionary<string, DateTimeOffset>>(StringComparer.Ordinal);
        var ingestsByBlob = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var builder = stages == Stages.Floor
            ? FloorFunctions.CreateHostBuilder(azurite.ConnectionString)
            : FunctionsHost.CreateBuilder([], overrides: new Dictionary<string, string?> { [PipelineServices.StorageSetting] = azurite.ConnectionString });
        using var host = builder
            .ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information)
                .AddFilter<HostEventSink>(typeof(ArticleIngestor).FullName, LogLevel.Debug) // "already ingested" and "left to the other route" are Debug events
                .AddProvider(new HostEventSink((id, fields) =>
            {
                if (HostEventSink.Field(fields, "ArticleId") is not { } articleId)
                {
                    return;
                }

                // Each ingest of a dropped blob ends in one of these: ingested (1), rejected (2), already ingested (8),
                // left to the route that registered it moments ago (12).
                if (id is 1 or 2 or 8 or 12 && HostEventSink.Field(fields, "Blob") is { } blobName)
                {
                    ingestsByBlob.AddOrUpdate(blobName, 1, (_, n) => n + 1);
                }

                // Where an article's time goes, hop by hop: "ingested" (1), then each stage's "done" (3, with its name).
                if ((id == 1 ? ArticleStages.Inspect : id == 3 ? HostEventSink.Field(fields, "Stage") : null) is { } mark)
                {
                    marks.GetOrAdd(articleId, _ => new ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal)).TryAdd(mark, DateTimeOffset.UtcNow);
                }

                // "completed" (4) or "rejected" (2) ends an article's run.
                if (id is 4 or 2)
                {
                    done.TryAdd(articleId, (DateTimeOffset.UtcNow, id == 2));
                }
            })))
            .Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);

        // Let the listeners settle, then measure what an idle host costs (queue polling, container scans).
        await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
        var idleStart = requests.Snapshot();
        var idleOperationsStart = requests.Operations();
        var idleClock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(6), cancellationToken).ConfigureAwait(false);
        var idleSeconds = idleClock.Elapsed.TotalSeconds;
        var idleRates = requests.Snapshot().ToDictionary(r => r.Key, r => (r.Value - idleStart.GetValueOrDefault(r.Key)) / idleSeconds);
        double IdlePerSecond(int port) => idleRates.GetValueOrDefault(port);
        var idlePerSecond = idleRates.Values.Sum();
        var idleOperationRates = requests.Operations().ToDictionary(o => o.Key, o => (o.Value - idleOperationsStart.GetValueOrDefault(o.Key)) / idleSeconds, StringComparer.Ordinal);

        var uploader = triggerOnly ? null : host.Services.GetRequiredService<ArticleUploader>();
        var blobs = azurite.Endpoints;
        var temp = Directory.CreateTempSubdirectory("pipeline-bench-").FullName;
        var dropped = new Dictionary<string, DateTimeOffset>();
        var droppedBlobs = new List<string>();
        var before = requests.Snapshot();
        var operationsBefore = requests.Operations();
        var clock = Stopwatch.StartNew();
        var loadStart = 0;
        try
        {
            // The first article warms the process up (JIT); the next few go one at a time to show the latency of an idle
            // pipeline; the rest are dropped together to show throughput and latency under load.
            for (var i = 0; i < articles + IdleSamples + 1; i++)
            {
                var source = sources[i % sources.Count];
                var bytes = MakeUnique(source, i);
                var file = Path.Combine(temp, $"{i:D5}{Path.GetExtension(source)}");
                await File.WriteAllBytesAsync(file, bytes, cancellationToken).ConfigureAwait(false);
                dropped[ArticleId.FromContent(bytes)] = DateTimeOffset.UtcNow;
                droppedBlobs.Add(Path.GetFileName(file));
                if (triggerOnly)
                {
                    await UploadOnlyAsync(connection, file, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await uploader!.UploadAsync(file, Path.GetFileName(file), submit: true, cancellationToken).ConfigureAwait(false);
                }

                if (i <= IdleSamples)
                {
                    // Long enough for the reconcile sweep (every 30 s, for blobs older than 15 s) to pick up a blob the
                    // trigger's container scan missed.
                    await WaitAsync(done, dropped.Keys, TimeSpan.FromSeconds(120), stages, cancellationToken).ConfigureAwait(false);
                    if (i == IdleSamples)
                    {
                        loadStart = i + 1;
                        clock.Restart();
                        before = requests.Snapshot();
                        operationsBefore = requests.Operations();
                    }
                }
            }

            await WaitAsync(done, dropped.Keys, TimeSpan.FromSeconds(120 + (articles * 2)), stages, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            Directory.Delete(temp, recursive: true);
        }

        var elapsed = clock.Elapsed.TotalSeconds;

        // On the submit path the blob trigger's scan also finds every dropped blob, often after its result is stored:
        // the engine's bookkeeping for it and our check that stops it are part of what an article costs, so the count
        // goes on until the trigger has handed every blob to ingest (a second ingest event), or until it has handed none
        // for 30 s (its scan misses a few blobs of a burst for good; the reconciliation sweep covers those), or for at
        // most three minutes. Throughput and latency still end at the last result.
        int? triggerSeen = null;
        if (!triggerOnly && stages == Stages.Pipeline)
        {
            var tail = Stopwatch.StartNew();
            var (lastTotal, lastChange) = (-1, TimeSpan.Zero);
            while (tail.Elapsed < TimeSpan.FromMinutes(3) && tail.Elapsed - lastChange < TimeSpan.FromSeconds(30)
                && droppedBlobs.Any(b => ingestsByBlob.GetValueOrDefault(b) < 2))
            {
                var total = ingestsByBlob.Values.Sum();
                if (total != lastTotal)
                {
                    (lastTotal, lastChange) = (total, tail.Elapsed);
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            triggerSeen = droppedBlobs.Skip(loadStart).Count(b => ingestsByBlob.GetValueOrDefault(b) >= 2);
        }

        var counted = clock.Elapsed.TotalSeconds;
        await host.StopAsync(CancellationToken.None).ConfigureAwait(false);

        double Net(int port) => Math.Max(0, requests[port] - before.GetValueOrDefault(port) - (IdlePerSecond(port) * counted));
        var latencies = dropped.Select(d => (done[d.Key].At - d.Value).TotalMilliseconds).ToList();
        var idle = latencies.Skip(1).Take(IdleSamples).ToList();
        var idleHops = stages == Stages.Pipeline ? IdleHops(dropped.Skip(1).Take(IdleSamples), marks, done) : null;
        var underLoad = latencies.Skip(loadStart).ToList();
        var finished = dropped.Count - loadStart;
        var blob = Net(blobs.BlobPort) / finished;
        var queue = Net(blobs.QueuePort) / finished;
        var table = Net(blobs.TablePort) / finished;
        return new BenchResult(
            triggerOnly ? "trigger" : "submit", finished, dropped.Keys.Count(k => done.TryGetValue(k, out var d) && d.Failed), Math.Round(elapsed, 1),
            Math.Round(finished / elapsed, 2), Math.Round(Percentiles.Of(underLoad, 0.5)), Math.Round(Percentiles.Of(underLoad, 0.95)), Math.Round(Percentiles.Of(idle, 0.5)),
            Math.Round(blob + queue + table, 1), Math.Round(blob, 1), Math.Round(queue, 1), Math.Round(table, 1), Math.Round(idlePerSecond, 1))
        {
            Persist = onDisk ? "disk" : "memory",
            IdleHopsMs = idleHops,
            TriggerSawDropped = triggerSeen,
            CountedSeconds = Math.Round(counted, 1),
            Breakdown = breakdown ? Breakdown(requests.Operations(), operationsBefore, idleOperationRates, counted, finished, blobs) : null,
        };
    }

    /// <summary>
    /// The median time of each hop over the articles dropped one at a time: drop → ingested, → cleaned, → segmented,
    /// → result. A hop that waits for a queue poll instead of being woken shows here first.
    /// </summary>
    private static IReadOnlyDictionary<string, double>? IdleHops(IEnumerable<KeyValuePair<string, DateTimeOffset>> samples,
        ConcurrentDictionary<string, ConcurrentDictionary<string, DateTimeOffset>> marks, ConcurrentDictionary<string, (DateTimeOffset At, bool Failed)> done)
    {
        var hops = new Dictionary<string, List<double>>(StringComparer.Ordinal)
        {
            ["dropToIngest"] = [], ["ingestToClean"] = [], ["cleanToSegment"] = [], ["segmentToResult"] = [],
        };
        foreach (var (articleId, droppedAt) in samples)
        {
            if (!marks.TryGetValue(articleId, out var at) || !done.TryGetValue(articleId, out var end) || end.Failed
                || !at.TryGetValue(ArticleStages.Inspect, out var ingested) || !at.TryGetValue(ArticleStages.Clean, out var cleaned) || !at.TryGetValue(ArticleStages.Segment, out var segmented))
            {
                continue;
            }

            hops["dropToIngest"].Add((ingested - droppedAt).TotalMilliseconds);
            hops["ingestToClean"].Add((cleaned - ingested).TotalMilliseconds);
            hops["cleanToSegment"].Add((segmented - cleaned).TotalMilliseconds);
            hops["segmentToResult"].Add((end.At - segmented).TotalMilliseconds);
        }

        return hops["dropToIngest"].Count == 0 ? null : hops.ToDictionary(h => h.Key, h => Math.Round(Percentiles.Of(h.Value, 0.5)), StringComparer.Ordinal);
    }

    private static Dictionary<string, double> Breakdown(Dictionary<string, long> after, Dictionary<string, long> before, Dictionary<string, double> idleRates, double elapsed, int articles, AzuriteEndpoints endpoints)
    {
        string Service(string port) => int.Parse(port, CultureInfo.InvariantCulture) switch
        {
            var p when p == endpoints.BlobPort => "blob",
            var p when p == endpoints.QueuePort => "queue",
            var p when p == endpoints.TablePort => "table",
            _ => "other",
        };

        return after
            .Select(o => (Key: o.Key.Split('|', 2), PerArticle: Math.Max(0, o.Value - before.GetValueOrDefault(o.Key) - (idleRates.GetValueOrDefault(o.Key) * elapsed)) / articles))
            .Where(o => o.PerArticle >= 0.005)
            .OrderByDescending(o => o.PerArticle)
            .ToDictionary(o => $"{Service(o.Key[0])} {o.Key[1]}", o => Math.Round(o.PerArticle, 2), StringComparer.Ordinal);
    }

    private static async Task UploadOnlyAsync(StorageConnection connection, string file, CancellationToken cancellationToken)
    {
        var blob = connection.BlobService().GetBlobContainerClient(ResourceNames.Default.ArticlesContainer).GetBlobClient(Path.GetFileName(file));
        await blob.UploadAsync(file, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WaitAsync(ConcurrentDictionary<string, (DateTimeOffset, bool)> done, IEnumerable<string> ids, TimeSpan timeout, Stages stages, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (!ids.All(done.ContainsKey))
        {
            if (clock.Elapsed > timeout)
            {
                throw new InfrastructureException($"Timed out: {ids.Count(id => !done.ContainsKey(id))} article(s) not finished by the {(stages == Stages.Floor ? "floor" : "pipeline")} after {timeout.TotalSeconds:0} s." +
                    (stages == Stages.Floor ? " The blob trigger's container scan can miss a blob; the pipeline's reconcile sweep picks such blobs up, the floor has none: run it again." : string.Empty));
            }

            await Task.Delay(20, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>A copy of a sample with a unique reference line, so every drop is a new article (same size and shape).</summary>
    private static byte[] MakeUnique(string path, int index)
    {
        var text = File.ReadAllText(path);
        var marker = string.Create(CultureInfo.InvariantCulture, $"Reference number {index} of this benchmark run {Guid.NewGuid():N}.");
        switch (Path.GetExtension(path))
        {
            case ".json":
                var node = JsonNode.Parse(text)!.AsObject();
                var field = node.ContainsKey("html") ? "html" : "text";
                node[field] = node[field]!.GetValue<string>().Replace("</article>", $"<p>{marker}</p></article>", StringComparison.Ordinal) + (field == "text" ? "\n\n" + marker : string.Empty);
                return Encoding.UTF8.GetBytes(node.ToJsonString());
            case ".html" or ".htm":
                return Encoding.UTF8.GetBytes(text.Replace("</article>", $"<p>{marker}</p></article>", StringComparison.Ordinal));
            default:
                return Encoding.UTF8.GetBytes(text + "\n\n" + marker + "\n");
        }
    }
}
