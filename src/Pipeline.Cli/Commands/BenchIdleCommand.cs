using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Local;
using Pipeline.Functions;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline bench idle</c>: what the local host costs when nothing arrives, by the number of blobs already in the
/// articles container. The blob trigger lists the container to find new blobs and the reconciler sweeps it, so the
/// cost of doing nothing grows with the container; this prints storage requests per second and the CPU that Azurite
/// and the host spend per second of wall time.
/// </summary>
internal static class BenchIdleCommand
{
    public static Command Create()
    {
        var blobs = new Option<int[]>("--blobs") { Description = "Container sizes to measure, one run each (e.g. --blobs 100 3000 30000).", AllowMultipleArgumentsPerToken = true, DefaultValueFactory = _ => [100, 3000] };
        var seconds = new Option<int>("--seconds") { Description = "How long to measure each idle host.", DefaultValueFactory = _ => 30 };
        var settle = new Option<int>("--settle") { Description = "Seconds between the measured host's start and the measurement. Its first container scan and reconcile sweep look at every blob, and the sweep re-checks blobs modified in the last ~2.5 minutes, so a shorter wait measures a host that has just been busy, not an idle one.", DefaultValueFactory = _ => 170 };
        var persist = new Option<string>("--persist") { Description = "memory or disk (as `pipeline up` keeps it).", DefaultValueFactory = _ => "memory" };
        persist.AcceptOnlyFromAmong("memory", "disk");
        var samples = new Option<string?>("--samples") { Description = "Folder whose first .html/.txt/.json article (by name) is copied into every seeded blob (default: samples/articles)." };
        var firstSweep = new Option<bool>("--first-sweep") { Description = "Seed no reconcile-sweep cursor, as on a host's very first start: its first sweep then looks up every blob in the blob index. By default the cursor is where a host that had swept the container long after these blobs arrived would have left it." };
        var json = new Option<bool>("--json") { Description = "Print one JSON array." };
        var command = new Command("idle", "Seed the articles container of a private Azurite with N copies of one article, as a host that had ingested them would leave it, start the host, then measure what it costs while nothing arrives: storage requests/s and CPU of Azurite and the host.")
        {
            blobs, seconds, settle, persist, samples, firstSweep, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var sizes = parseResult.GetValue(blobs) ?? [];
            var window = parseResult.GetValue(seconds);
            var wait = parseResult.GetValue(settle);
            if (sizes.Length == 0 || sizes.Any(n => n < 1) || window < 1 || wait < 0)
            {
                throw new UserErrorException("--blobs takes one or more sizes of at least 1, --seconds at least 1 and --settle at least 0.");
            }

            var source = BenchPipelineCommand.SampleArticles(parseResult.GetValue(samples))[0];
            var content = await File.ReadAllBytesAsync(source, cancellationToken).ConfigureAwait(false);
            var onDisk = parseResult.GetValue(persist) == "disk";

            var results = new List<IdleResult>();
            foreach (var size in sizes)
            {
                var result = await MeasureAsync(size, content, Path.GetExtension(source), TimeSpan.FromSeconds(window), TimeSpan.FromSeconds(wait), onDisk, parseResult.GetValue(firstSweep), cancellationToken).ConfigureAwait(false);
                results.Add(result);
                if (!parseResult.GetValue(json))
                {
                    Console.WriteLine($"{result.Blobs,7} blobs  {result.RequestsPerSecond,6:0.00} requests/s (blob {result.BlobPerSecond:0.00}, queue {result.QueuePerSecond:0.00}, table {result.TablePerSecond:0.00})  " +
                                      $"Azurite CPU {result.AzuriteCpuMsPerSecond,5:0} ms/s  host CPU {result.HostCpuMsPerSecond,4:0} ms/s  (seeded in {result.SeedSeconds:0} s, {result.Reingested} ingested again, Azurite data in {result.Persist}{(result.FirstSweep ? ", first sweep" : string.Empty)})");
                }
            }

            if (parseResult.GetValue(json))
            {
                Output.Json(results);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// One container size: requests per second by service and CPU milliseconds per second of wall time, measured while
    /// nothing arrives; Reingested counts seeded blobs the measured host ingested anyway (0 when the seeding held);
    /// FirstSweep says the reconcile sweep started without a cursor.
    /// </summary>
    internal sealed record IdleResult(int Blobs, string Persist, double SeedSeconds, double MeasuredSeconds, double RequestsPerSecond, double BlobPerSecond, double QueuePerSecond,
        double TablePerSecond, double AzuriteCpuMsPerSecond, double HostCpuMsPerSecond, int Reingested, bool FirstSweep);

    private static async Task<IdleResult> MeasureAsync(int blobs, byte[] content, string extension, TimeSpan window, TimeSpan settle, bool onDisk, bool firstSweep, CancellationToken cancellationToken)
    {
        using var azurite = AzuriteInstance.Start(onDisk);
        var overrides = new Dictionary<string, string?> { [PipelineServices.StorageSetting] = azurite.ConnectionString };
        var connection = StorageConnection.FromConnectionString(azurite.ConnectionString);
        var names = ResourceNames.Default;
        var container = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer);
        var clock = Stopwatch.StartNew();

        // The first copy goes through a host as any drop does: the article exists and is processed.
        var first = $"idle-{0:D6}{extension}";
        var completed = 0;
        using (var seeder = FunctionsHost.CreateBuilder([], overrides: overrides)
            .ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(new HostEventSink((id, _) =>
            {
                if (id == 4) // completed
                {
                    Interlocked.Increment(ref completed);
                }
            })))
            .Build())
        {
            await seeder.StartAsync(cancellationToken).ConfigureAwait(false);
            await container.GetBlobClient(first).UploadAsync(BinaryData.FromBytes(content), cancellationToken).ConfigureAwait(false);
            while (Volatile.Read(ref completed) < 1)
            {
                if (clock.Elapsed > TimeSpan.FromSeconds(120))
                {
                    throw new InfrastructureException("Seeding timed out: the first article was not processed in 120 s.");
                }

                await Task.Delay(100, cancellationToken).ConfigureAwait(false);
            }

            await seeder.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }

        // The other copies are written as a host that had ingested them would have left them: the engine's blob receipt
        // (its 5.x layout: blobreceipts/{host id}/{function}/"{ETag}"/{container}/{blob}) and our blob index entry. Letting
        // the trigger ingest thousands of blobs instead takes longer than the measurement (measured: 1,724 of 3,000 in
        // 12 minutes, the engine re-listing the whole container for every batch). Whether the host accepts the seeding
        // is checked below: any blob it ingests again is counted in Reingested.
        var articleId = Core.Articles.ArticleId.FromContent(content);
        var index = new BlobIndex(connection, names, new ArticleRows(connection, names, TimeProvider.System));
        var receipts = connection.BlobService().GetBlobContainerClient("azure-webjobs-hosts");
        await receipts.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var function = $"{typeof(Functions.Functions.IngestArticle).FullName}.{nameof(Functions.Functions.IngestArticle.RunAsync)}";
        await Parallel.ForAsync(1, blobs, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var name = $"idle-{i:D6}{extension}";
            var uploaded = await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(content), ct).ConfigureAwait(false);
            var etag = uploaded.Value.ETag.ToString();
            await receipts.GetBlobClient($"blobreceipts/{FunctionsHost.HostId}/{function}/{etag}/{names.ArticlesContainer}/{name}").UploadAsync(BinaryData.Empty, ct).ConfigureAwait(false);
            await index.ClaimAsync(name, articleId, etag, new BlobIndexRead(null), ct).ConfigureAwait(false);
        }).ConfigureAwait(false);
        if (!firstSweep)
        {
            // A host that had ingested these blobs long ago had swept them too. A sweep re-checks the blobs modified in the
            // last minutes before its cursor (BlobReconciler.Overlap), and every seeded blob is that young, so the cursor
            // is set past that margin: the measured host's sweeps skip the seeded blobs, as they would skip old ones.
            await index.WriteSweepCursorAsync(TimeProvider.System.GetUtcNow() + BlobReconciler.Overlap, cancellationToken).ConfigureAwait(false);
        }

        var seedSeconds = clock.Elapsed.TotalSeconds;

        var reingested = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        using var host = FunctionsHost.CreateBuilder([], overrides: overrides)
            .ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddFilter("Pipeline", LogLevel.Debug).AddProvider(new HostEventSink((id, fields) =>
            {
                // 1: ingested; 8 (Debug): a blob the trigger or the sweep announced again and the index stopped after one read.
                if (id is 1 or 8 && HostEventSink.Field(fields, "Blob") is { } blob)
                {
                    reingested.TryAdd(blob, true);
                }
            })))
            .Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // The host's first container scan and reconcile sweep look at every blob once; the sweep keeps re-checking
            // blobs modified in the last ~2.5 minutes, so wait that out before measuring what idle costs.
            await Task.Delay(settle, cancellationToken).ConfigureAwait(false);

            using var requests = new StorageRequestCounter();
            var azuriteBefore = azurite.ProcessorTime;
            var hostBefore = Process.GetCurrentProcess().TotalProcessorTime;
            clock.Restart();
            await Task.Delay(window, cancellationToken).ConfigureAwait(false);
            var seconds = clock.Elapsed.TotalSeconds;
            var azuriteCpu = (azurite.ProcessorTime - azuriteBefore).TotalMilliseconds / seconds;
            var hostCpu = (Process.GetCurrentProcess().TotalProcessorTime - hostBefore).TotalMilliseconds / seconds;
            var endpoints = azurite.Endpoints;
            double PerSecond(int port) => Math.Round(requests[port] / seconds, 2);
            return new IdleResult(blobs, onDisk ? "disk" : "memory", Math.Round(seedSeconds, 1), Math.Round(seconds, 1),
                Math.Round((requests[endpoints.BlobPort] + requests[endpoints.QueuePort] + requests[endpoints.TablePort]) / seconds, 2),
                PerSecond(endpoints.BlobPort), PerSecond(endpoints.QueuePort), PerSecond(endpoints.TablePort), Math.Round(azuriteCpu), Math.Round(hostCpu), reingested.Count, firstSweep);
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }
}
