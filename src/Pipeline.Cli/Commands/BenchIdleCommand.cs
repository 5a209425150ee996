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
        var settle = new Option<int>("--settle") { Description = "Seconds to wait after the last seeded blob is ingested before measuring. The reconciler re-checks blobs modified in the last ~2.5 minutes on every sweep, so a shorter wait measures a host that has just been busy, not an idle one.", DefaultValueFactory = _ => 170 };
        var persist = new Option<string>("--persist") { Description = "memory or disk (as `pipeline up` keeps it).", DefaultValueFactory = _ => "memory" };
        persist.AcceptOnlyFromAmong("memory", "disk");
        var samples = new Option<string?>("--samples") { Description = "Folder whose first .html/.txt/.json article is copied into every seeded blob (default: samples/articles)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON array." };
        var command = new Command("idle", "Seed the articles container of a private Azurite with N copies of one article, let the host ingest them, then measure what the idle host costs: storage requests/s and CPU of Azurite and the host.")
        {
            blobs, seconds, settle, persist, samples, json,
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

            var folder = parseResult.GetValue(samples) ?? Path.Combine(RepoPaths.RequireRoot(), "samples", "articles");
            var source = Directory.EnumerateFiles(folder).Where(f => Path.GetExtension(f) is ".html" or ".htm" or ".txt" or ".json").Order(StringComparer.Ordinal).FirstOrDefault()
                ?? throw new UserErrorException($"No .html, .txt or .json article in {folder}.");
            var content = await File.ReadAllBytesAsync(source, cancellationToken).ConfigureAwait(false);
            var onDisk = parseResult.GetValue(persist) == "disk";

            var results = new List<IdleResult>();
            foreach (var size in sizes)
            {
                var result = await MeasureAsync(size, content, Path.GetExtension(source), TimeSpan.FromSeconds(window), TimeSpan.FromSeconds(wait), onDisk, cancellationToken).ConfigureAwait(false);
                results.Add(result);
                if (!parseResult.GetValue(json))
                {
                    Console.WriteLine($"{result.Blobs,7} blobs  {result.RequestsPerSecond,6:0.00} requests/s (blob {result.BlobPerSecond:0.00}, queue {result.QueuePerSecond:0.00}, table {result.TablePerSecond:0.00})  " +
                                      $"Azurite CPU {result.AzuriteCpuMsPerSecond,5:0} ms/s  host CPU {result.HostCpuMsPerSecond,4:0} ms/s  (seeded in {result.SeedSeconds:0} s, Azurite data in {result.Persist})");
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

    internal sealed record IdleResult(int Blobs, string Persist, double SeedSeconds, double MeasuredSeconds, double RequestsPerSecond, double BlobPerSecond, double QueuePerSecond,
        double TablePerSecond, double AzuriteCpuMsPerSecond, double HostCpuMsPerSecond);

    private static async Task<IdleResult> MeasureAsync(int blobs, byte[] content, string extension, TimeSpan window, TimeSpan settle, bool onDisk, CancellationToken cancellationToken)
    {
        using var azurite = AzuriteInstance.Start(onDisk);
        var ingested = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        var completed = 0;
        using var host = FunctionsHost.CreateBuilder([], overrides: new Dictionary<string, string?> { [PipelineServices.StorageSetting] = azurite.ConnectionString })
            .ConfigureLogging(logging => logging.ClearProviders().SetMinimumLevel(LogLevel.Information).AddProvider(new EventSink((id, blob) =>
            {
                if (id == 4)
                {
                    Interlocked.Increment(ref completed);
                }
                else if (blob is not null)
                {
                    ingested.TryAdd(blob, true);
                }
            })))
            .Build();
        await host.StartAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            // Copies of one article: the first is processed, every other is recorded as another name for it, which is
            // the cheapest way through the real ingest to a container of N blobs the host has seen.
            var clock = Stopwatch.StartNew();
            var container = StorageConnection.FromConnectionString(azurite.ConnectionString).BlobService().GetBlobContainerClient(ResourceNames.Default.ArticlesContainer);
            await Parallel.ForAsync(0, blobs, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
                await container.GetBlobClient($"idle-{i:D6}{extension}").UploadAsync(BinaryData.FromBytes(content), ct).ConfigureAwait(false)).ConfigureAwait(false);

            var timeout = TimeSpan.FromSeconds(120 + (blobs * 0.2));
            while (ingested.Count < blobs || Volatile.Read(ref completed) < 1)
            {
                if (clock.Elapsed > timeout)
                {
                    throw new InfrastructureException($"Seeding timed out: the host ingested {ingested.Count} of {blobs} blobs in {timeout.TotalSeconds:0} s.");
                }

                await Task.Delay(200, cancellationToken).ConfigureAwait(false);
            }

            var seedSeconds = clock.Elapsed.TotalSeconds;
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
                PerSecond(endpoints.BlobPort), PerSecond(endpoints.QueuePort), PerSecond(endpoints.TablePort), Math.Round(azuriteCpu), Math.Round(hostCpu));
        }
        finally
        {
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Passes the host's "ingested" (1), "unchanged" (8) and "completed" (4) events on, with their blob name.</summary>
    private sealed class EventSink(Action<int, string?> onEvent) : ILoggerProvider, ILogger
    {
        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (eventId.Id is 1 or 4 or 8 && state is IReadOnlyList<KeyValuePair<string, object?>> fields)
            {
                onEvent(eventId.Id, fields.FirstOrDefault(f => f.Key == "Blob").Value as string);
            }
        }

        public void Dispose()
        {
        }
    }
}
