using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Local;
using Pipeline.Core.Articles;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline bench chaos</c>: the faults a skeptical operator tries, in one run on a private Azurite with its data on
/// disk, against a real <c>pipeline host</c> child process; then an audit of what storage holds.
/// </summary>
internal static class BenchChaosCommand
{
    public static Command Create()
    {
        var count = new Option<int>("--articles") { Description = "How many articles to drop (copies of made-up stories).", DefaultValueFactory = _ => 600 };
        var copies = new Option<int>("--copies") { Description = "Copies per story (near-duplicates of each other; each has one sentence of its own).", DefaultValueFactory = _ => 5 };
        var timeout = new Option<int>("--timeout") { Description = "Minutes to wait for everything to settle (a killed host's messages come back after their 10-minute lease).", DefaultValueFactory = _ => 30 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("chaos",
            "Drop N articles on a private on-disk Azurite while killing the host hard (kill -9) and restarting it, stopping and restarting Azurite, " +
            "uploading a share with a plain SDK client instead of `drop`, deleting a few just after upload and overwriting a few; then wait and audit: " +
            "rows, statuses, failures by code, pending, poison depths, blobs with no row, rows claiming the same blob, cluster ids per story.")
        {
            count, copies, timeout, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var report = await RunAsync(parseResult.GetValue(count), Math.Max(1, parseResult.GetValue(copies)), TimeSpan.FromMinutes(parseResult.GetValue(timeout)),
                quiet: parseResult.GetValue(json), cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Output.Json(report);
            }
            else
            {
                Print(report);
            }

            return report.Lost == 0 && report.Doubled == 0 && report.Pending == 0 && report.Poisoned == 0 && report.StoriesWithSeveralClusters == 0 && report.DeletedUnaccounted == 0 && report.OverwritesResolved == report.Overwritten
                ? ExitCodes.Ok
                : ExitCodes.InfrastructureError;
        }));
        return command;
    }

    internal sealed record ChaosReport(
        int Dropped, int ViaDrop, int ViaPlainClient, int Deleted, int Overwritten, int HostKills, int AzuriteRestarts,
        int Rows, int Processed, int Duplicate, int Failed, int Pending, int Superseded, IReadOnlyDictionary<string, int> FailedByCode,
        int Poisoned, IReadOnlyDictionary<string, int> PoisonDepths, int Lost, int Doubled, int Stories, int StoriesWithSeveralClusters, int MaxClusterIdsPerStory,
        int DeletedUnaccounted, int OverwritesResolved, double WallSeconds, double SettleSeconds);

    private static void Print(ChaosReport r)
    {
        Console.WriteLine($"dropped             {r.Dropped} blob names ({r.ViaDrop} with drop's upload+announce, {r.ViaPlainClient} with a plain SDK upload); {r.Deleted} deleted just after upload, {r.Overwritten} overwritten");
        Console.WriteLine($"faults              host killed with SIGKILL {r.HostKills}x, Azurite stopped and restarted {r.AzuriteRestarts}x");
        Console.WriteLine($"rows                {r.Rows}: processed {r.Processed}, duplicate {r.Duplicate}, failed {r.Failed} ({string.Join(", ", r.FailedByCode.Select(f => $"{f.Key} {f.Value}"))}), pending {r.Pending}, superseded {r.Superseded}");
        Console.WriteLine($"poison              {r.Poisoned} ({string.Join(", ", r.PoisonDepths.Select(p => $"{p.Key} {p.Value}"))})");
        Console.WriteLine($"lost                {r.Lost} blob(s) in the container with no article claiming them");
        Console.WriteLine($"doubled             {r.Doubled} blob name(s) claimed by more than one current article");
        Console.WriteLine($"clusters            {r.Stories} stories; {r.StoriesWithSeveralClusters} with more than one cluster id (max {r.MaxClusterIdsPerStory} per story)");
        Console.WriteLine($"deleted blobs       {r.Deleted - r.DeletedUnaccounted} of {r.Deleted} accounted for (blob-missing record, or ingested before the delete)");
        Console.WriteLine($"overwrites          {r.OverwritesResolved} of {r.Overwritten} end with the blob held by the new content's article (the old one superseded, if it was read at all)");
        Console.WriteLine($"wall time           {r.WallSeconds:0} s ({r.SettleSeconds:0} s of it waiting for the pipeline to settle after the last drop)");
    }

    private static async Task<ChaosReport> RunAsync(int articles, int copies, TimeSpan timeout, bool quiet, CancellationToken cancellationToken)
    {
        void Say(string line)
        {
            if (!quiet)
            {
                Console.Error.WriteLine($"{DateTime.Now:HH:mm:ss} {line}");
            }
        }

        var wall = Stopwatch.StartNew();
        using var azurite = AzuriteInstance.Start(onDisk: true);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [PipelineServices.StorageSetting] = azurite.ConnectionString }).Build();
        var services = new ServiceCollection().AddLogging();
        PipelineServices.AddPipelineServices(services, configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<Provisioner>().EnsureAllAsync(cancellationToken).ConfigureAwait(false);
        var uploader = provider.GetRequiredService<ArticleUploader>();
        var connection = provider.GetRequiredService<StorageConnection>();
        var names = provider.GetRequiredService<ResourceNames>();
        var container = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer);

        var run = Guid.NewGuid().ToString("N")[..8];
        var writer = new ChaosStories(seed: 20261201);
        var plan = Enumerable.Range(0, articles).Select(i => (Story: i / copies, Copy: i % copies)).OrderBy(_ => Random.Shared.Next()).ToList();
        var temp = Directory.CreateTempSubdirectory("pipeline-chaos-").FullName;
        var storyOf = new Dictionary<string, int>(StringComparer.Ordinal);
        var deleted = new List<string>();
        var overwritten = new List<(string Blob, string OldId, string NewId)>();
        int viaDrop = 0, viaPlain = 0, kills = 0, restarts = 0;

        var host = await StartHostAsync(azurite.ConnectionString, temp, cancellationToken).ConfigureAwait(false);
        try
        {
            async Task DropAsync(IEnumerable<(int Story, int Copy)> items, bool plainClient, double deleteShare, double overwriteShare)
            {
                using var gate = new SemaphoreSlim(8);
                var counter = 0;
                await Task.WhenAll(items.Select(async item =>
                {
                    await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
                    try
                    {
                        var (name, bytes) = writer.Copy(item.Story, item.Copy, run);
                        lock (storyOf)
                        {
                            storyOf[name] = item.Story;
                        }

                        var n = Interlocked.Increment(ref counter);
                        if (plainClient)
                        {
                            // What Storage Explorer or az do: a PUT, no announcement.
                            await container.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(bytes), overwrite: true, cancellationToken).ConfigureAwait(false);
                            Interlocked.Increment(ref viaPlain);
                            return;
                        }

                        var file = Path.Combine(temp, name);
                        await File.WriteAllBytesAsync(file, bytes, cancellationToken).ConfigureAwait(false);
                        await uploader.UploadAsync(file, name, submit: true, cancellationToken).ConfigureAwait(false);
                        Interlocked.Increment(ref viaDrop);
                        if (deleteShare > 0 && n % (int)(1 / deleteShare) == 0)
                        {
                            await container.GetBlobClient(name).DeleteAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
                            lock (deleted)
                            {
                                deleted.Add(name);
                            }
                        }
                        else if (overwriteShare > 0 && n % (int)(1 / overwriteShare) == (int)(1 / overwriteShare) / 2)
                        {
                            // New content under the same name (a corrected version of the copy): a new article.
                            var (_, newer) = writer.Copy(item.Story, item.Copy + 1_000, run);
                            await File.WriteAllBytesAsync(file, newer, cancellationToken).ConfigureAwait(false);
                            await uploader.UploadAsync(file, name, submit: true, cancellationToken).ConfigureAwait(false);
                            lock (overwritten)
                            {
                                overwritten.Add((name, ArticleId.FromContent(bytes), ArticleId.FromContent(newer)));
                            }
                        }
                    }
                    finally
                    {
                        gate.Release();
                    }
                })).ConfigureAwait(false);
            }

            var first = plan.Take(articles * 4 / 10).ToList();
            var plain = plan.Skip(first.Count).Take(articles * 2 / 10).ToList();
            var last = plan.Skip(first.Count + plain.Count).ToList();

            Say($"dropping {first.Count} with drop's path");
            await DropAsync(first, plainClient: false, deleteShare: 0, overwriteShare: 0).ConfigureAwait(false);
            Say("killing the host with SIGKILL mid-run, restarting it");
            host.Kill(entireProcessTree: true);
            await host.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            host.Dispose();
            kills++;
            host = await StartHostAsync(azurite.ConnectionString, temp, cancellationToken).ConfigureAwait(false);

            Say($"uploading {plain.Count} with a plain SDK client (no announcement)");
            await DropAsync(plain, plainClient: true, deleteShare: 0, overwriteShare: 0).ConfigureAwait(false);
            Say("stopping Azurite (graceful) and starting it again while the host runs");
            var stopped = azurite.Stop(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(3), cancellationToken).ConfigureAwait(false);
            azurite.Restart();
            restarts++;
            Say($"Azurite stop: {stopped}");

            Say($"dropping {last.Count} with drop's path, deleting 1 in 25 just after upload and overwriting another 1 in 25");
            await DropAsync(last, plainClient: false, deleteShare: 0.04, overwriteShare: 0.04).ConfigureAwait(false);

            var settle = Stopwatch.StartNew();
            Say("waiting for the pipeline to settle");
            var audit = await WaitForSettledAsync(connection, names, provider.GetRequiredService<ArticleReader>(), storyOf.Keys.Except(deleted).ToHashSet(), timeout, host, Say, cancellationToken).ConfigureAwait(false);
            var settleSeconds = settle.Elapsed.TotalSeconds;

            // Our four queues and the blob trigger engine's own (it retries a blob it cannot hand to the function there).
            var poison = new Dictionary<string, int>();
            foreach (var queue in names.Queues.Append(ResourceNames.BlobTriggerQueue))
            {
                var client = connection.QueueService().GetQueueClient(ResourceNames.PoisonQueueOf(queue));
                poison[queue] = await client.ExistsAsync(cancellationToken).ConfigureAwait(false)
                    ? (await client.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount
                    : 0;
            }

            var blobsNow = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var blob in container.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                blobsNow.Add(blob.Name);
            }

            var current = audit.Where(a => a.SupersededBy is null).ToList();
            var claims = current.SelectMany(a => a.Blobs).GroupBy(b => b, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
            var clusterIdsPerStory = current.Where(a => a.Status is ArticleStatus.Processed or ArticleStatus.Duplicate && a.Blobs.Count > 0 && storyOf.ContainsKey(a.Blobs[0]))
                .GroupBy(a => storyOf[a.Blobs[0]]).Select(g => g.Select(a => a.ClusterId).Distinct().Count()).ToList();
            var byId = audit.ToDictionary(a => a.Id, StringComparer.Ordinal);
            return new ChaosReport(
                storyOf.Count, viaDrop, viaPlain, deleted.Count, overwritten.Count, kills, restarts,
                audit.Count,
                current.Count(a => a.Status == ArticleStatus.Processed),
                current.Count(a => a.Status == ArticleStatus.Duplicate),
                current.Count(a => a.Status == ArticleStatus.Failed),
                audit.Count(a => a.Status == ArticleStatus.Pending),
                audit.Count(a => a.SupersededBy is not null),
                audit.Where(a => a.Status == ArticleStatus.Failed).GroupBy(a => a.Failure?.Code ?? "?").ToDictionary(g => g.Key, g => g.Count()),
                poison.Values.Sum(), poison,
                blobsNow.Count(b => !claims.ContainsKey(b)),
                claims.Count(c => c.Value > 1),
                clusterIdsPerStory.Count,
                clusterIdsPerStory.Count(n => n > 1),
                clusterIdsPerStory.Count == 0 ? 0 : clusterIdsPerStory.Max(),
                deleted.Count(d => !claims.ContainsKey(d) && !audit.Any(a => a.Blobs.Contains(d) || (a.Failure?.Code == "blob-missing" && a.Id == ArticleId.FromBlobName(d, "blob-missing")))),
                // The old version may never have been read (overwritten before ingest got to it): then there is no old row.
                overwritten.Count(o => byId.TryGetValue(o.NewId, out var newer) && newer.Blobs.Contains(o.Blob)
                    && (!byId.TryGetValue(o.OldId, out var old) || (old.SupersededBy == o.NewId && !old.Blobs.Contains(o.Blob)))),
                Math.Round(wall.Elapsed.TotalSeconds, 1),
                Math.Round(settleSeconds, 1));
        }
        finally
        {
            if (!host.HasExited)
            {
                host.Kill(entireProcessTree: true);
                await host.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            }

            host.Dispose();
            Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>
    /// A real `pipeline host` process (so it can be killed hard) on the private Azurite, its log in the temp folder;
    /// returns once it has provisioned and its listeners start, as an operator would wait for it.
    /// </summary>
    private static async Task<Process> StartHostAsync(string connectionString, string temp, CancellationToken cancellationToken)
    {
        var cli = typeof(BenchChaosCommand).Assembly.Location;
        var start = new ProcessStartInfo("dotnet", [cli, "host", "--connection", connectionString])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InfrastructureException("Could not start the host process.");
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var log = new StreamWriter(Path.Combine(temp, $"host-{process.Id}.log")) { AutoFlush = true };
        void Write(string? line)
        {
            lock (log)
            {
                log.WriteLine(line);
            }

            if (line?.Contains("provisioned:", StringComparison.Ordinal) == true)
            {
                ready.TrySetResult();
            }
        }

        process.OutputDataReceived += (_, e) => Write(e.Data);
        process.ErrorDataReceived += (_, e) => Write(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = await Task.WhenAny(ready.Task, process.WaitForExitAsync(cancellationToken), Task.Delay(TimeSpan.FromSeconds(120), cancellationToken)).ConfigureAwait(false);
        return started == ready.Task
            ? process
            : throw new InfrastructureException($"The host did not start (see {Path.Combine(temp, $"host-{process.Id}.log")}).");
    }

    /// <summary>
    /// Waits until every expected blob is claimed by an article that is not pending and all queues are empty (read
    /// every 5 s from the tables, as a user's script would), or the timeout passes; returns every article row.
    /// </summary>
    private static async Task<List<ArticleSummary>> WaitForSettledAsync(StorageConnection connection, ResourceNames names, ArticleReader reader, HashSet<string> expected, TimeSpan timeout, Process host, Action<string> say, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var rows = new List<ArticleSummary>();
            try
            {
                await foreach (var summary in reader.ListAsync(cancellationToken).ConfigureAwait(false))
                {
                    rows.Add(summary);
                }

                var claimed = rows.Where(r => r.Status != ArticleStatus.Pending).SelectMany(r => r.Blobs).ToHashSet(StringComparer.Ordinal);
                var missing = expected.Count(b => !claimed.Contains(b));
                var pending = rows.Count(r => r.Status == ArticleStatus.Pending);
                var queued = 0;
                foreach (var queue in names.Queues)
                {
                    queued += (await connection.QueueService().GetQueueClient(queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                }

                say($"{rows.Count} rows, {pending} pending, {missing} blob(s) not yet claimed by a finished article, {queued} queued");
                if (host.HasExited)
                {
                    throw new InfrastructureException($"The host exited (code {host.ExitCode}) while the pipeline was settling.");
                }

                if ((missing == 0 && pending == 0 && queued == 0) || clock.Elapsed > timeout)
                {
                    return rows;
                }
            }
            catch (Azure.RequestFailedException e)
            {
                say($"storage: {e.Status} {e.ErrorCode}; trying again");
            }

            await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false);
        }
    }
}
