using System.CommandLine;
using System.Globalization;
using Pipeline.Core.Articles;
using Pipeline.Evaluation;
using Pipeline.Storage;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline watch</c>: a live view of the queues and of what the pipeline just did.</summary>
internal static class WatchCommand
{
    public static Command Create()
    {
        var once = new Option<bool>("--once") { Description = "Print one snapshot and exit (the default when output is not a terminal)." };
        var json = new Option<bool>("--json") { Description = "Print one snapshot as a JSON object and exit." };
        var interval = new Option<double>("--interval") { Description = "Seconds between refreshes.", DefaultValueFactory = _ => 1.0 };
        var command = new Command("watch",
            "Live view: every queue's depth and its poison queue, articles per second, drop-to-result latency (p50/p95), the last articles processed and the last failures. " +
            "Reads only the last minutes of the activity table, so it stays fast however many articles exist. Ctrl+C to leave.")
        {
            once, json, interval,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var context = CliContext.Create(parseResult);
            if (parseResult.GetValue(json))
            {
                Output.Json(await Snapshot.TakeAsync(context, cancellationToken).ConfigureAwait(false));
                return ExitCodes.Ok;
            }

            if (parseResult.GetValue(once) || !AnsiConsole.Profile.Capabilities.Interactive)
            {
                AnsiConsole.Write(Render(await Snapshot.TakeAsync(context, cancellationToken).ConfigureAwait(false)));
                return ExitCodes.Ok;
            }

            var delay = TimeSpan.FromSeconds(Math.Max(0.2, parseResult.GetValue(interval)));
            await AnsiConsole.Live(new Text("connecting ...")).AutoClear(false).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    live.UpdateTarget(Render(await Snapshot.TakeAsync(context, cancellationToken).ConfigureAwait(false)));
                    live.Refresh();
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static IRenderable Render(Snapshot s)
    {
        var queues = new Table().Border(TableBorder.Rounded).Title("queues").AddColumns("queue", "waiting", "in flight", "poison");
        foreach (var q in s.Queues)
        {
            queues.AddRow(q.Queue, q.Messages.ToString(CultureInfo.InvariantCulture), q.InFlight?.ToString(CultureInfo.InvariantCulture) ?? "?",
                q.Poison > 0 ? $"[red]{q.Poison}[/]" : "0");
        }

        if (s.BlobTriggerPoison > 0)
        {
            // The engine's own queue; the reconcile sweep announces a never-ingested blob on the submit queue again.
            queues.AddRow("blob trigger", "-", "-", $"[red]{s.BlobTriggerPoison}[/]");
        }

        var stuck = s.Pending is { Count: > 0, OldestReceivedAt: { } oldest } pending && s.At - oldest > StrandedAfter
            ? new Markup($"[yellow]{pending.Count}{(pending.Count >= PendingScanLimit ? "+" : "")} article(s) pending, in flight since {oldest.ToLocalTime():HH:mm:ss} ({(s.At - oldest).TotalMinutes:0} min).[/] " +
                "A host that stopped mid-work leaves its messages invisible for up to 10 minutes; `pipeline reprocess --status pending` sends them again now.")
            : null;

        var rate = new Markup(
            $"[bold]{s.ArticlesPerSecond:0.00}[/] articles/s (last 60 s)   latency drop→result p50 [bold]{Ms(s.LatencyP50Ms)}[/]  p95 [bold]{Ms(s.LatencyP95Ms)}[/]   [grey]{s.At:HH:mm:ss}[/]");

        var recent = new Table().Border(TableBorder.Simple).Title("last processed").AddColumns("when", "status", "article", "title / reason");
        foreach (var a in s.Recent)
        {
            var color = a.Status switch { ArticleStatus.Failed => "red", ArticleStatus.Duplicate => "yellow", _ => "green" };
            recent.AddRow(a.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture), $"[{color}]{a.Status}[/]", a.ArticleId[..Math.Min(12, a.ArticleId.Length)], Output.Markup(Output.Clip(a.Detail, 70)));
        }

        var failures = new Table().Border(TableBorder.Simple).Title("last failures").AddColumns("when", "blob", "reason");
        foreach (var f in s.Failures)
        {
            failures.AddRow(f.At.ToString("HH:mm:ss", CultureInfo.InvariantCulture), Output.Markup(Output.Clip(f.Blob, 30)), $"[red]{Output.Markup(Output.Clip(f.Detail, 70))}[/]");
        }

        return stuck is null ? new Rows(rate, queues, recent, failures) : new Rows(rate, queues, stuck, recent, failures);
    }

    /// <summary>An article pending longer than this is not just busy: its message is probably held by a host that died.</summary>
    private static readonly TimeSpan StrandedAfter = TimeSpan.FromMinutes(1);

    private const int PendingScanLimit = 1_000;

    private static string Ms(double? ms) => ms is null ? "-" : ms < 1000 ? $"{ms:0} ms" : $"{ms / 1000:0.0} s";

    /// <summary>Articles still pending (capped at <see cref="PendingScanLimit"/>) and when the oldest of them was received.</summary>
    internal sealed record PendingArticles(int Count, DateTimeOffset? OldestReceivedAt);

    internal sealed record Snapshot(DateTimeOffset At, IReadOnlyList<QueueDepth> Queues, double ArticlesPerSecond, double? LatencyP50Ms, double? LatencyP95Ms,
        IReadOnlyList<ActivityLine> Recent, IReadOnlyList<ActivityLine> Failures)
    {
        // Pending articles are found by a filtered scan of the articles table: worth it only while messages are in
        // flight, and at most every 15 s, so watching stays cheap on a large table.
        private static readonly TimeSpan PendingRefresh = TimeSpan.FromSeconds(15);
        private static (DateTimeOffset At, PendingArticles Value)? pendingCache;

        /// <summary>Present when messages are in flight: how many articles are pending, and since when.</summary>
        public PendingArticles? Pending { get; init; }

        /// <summary>Blobs the blob trigger engine gave up on (its own poison queue).</summary>
        public int BlobTriggerPoison { get; init; }

        public static async Task<Snapshot> TakeAsync(CliContext context, CancellationToken cancellationToken)
        {
            var now = context.Get<TimeProvider>().GetUtcNow();
            var depths = context.Monitor.ReadQueueDepthsAsync(cancellationToken, countInFlight: true);
            var blobTriggerPoison = context.Monitor.ReadBlobTriggerPoisonAsync(cancellationToken);
            var lastMinute = context.Activity.SinceAsync(now, now.AddSeconds(-60), 5_000, cancellationToken);
            var recentLines = context.Activity.RecentAsync(now, 200, cancellationToken);
            await Task.WhenAll(depths, blobTriggerPoison, lastMinute, recentLines).ConfigureAwait(false);

            var minute = await lastMinute.ConfigureAwait(false);
            var recent = await recentLines.ConfigureAwait(false);
            var latencies = recent.Where(r => r.Status != ArticleStatus.Failed).Select(r => r.LatencyMs).ToList();
            var queues = await depths.ConfigureAwait(false);
            PendingArticles? pending = null;
            if (queues.Any(q => q.InFlight is null or > 0))
            {
                if (pendingCache is not { } cached || now - cached.At > PendingRefresh)
                {
                    var rows = await context.Reader.PendingAsync(PendingScanLimit, cancellationToken).ConfigureAwait(false);
                    pendingCache = (now, new PendingArticles(rows.Count, rows.Count == 0 ? null : rows.Min()));
                }

                pending = pendingCache.Value.Value;
            }

            return new Snapshot(
                now,
                queues,
                Math.Round(minute.Count / 60.0, 2),
                latencies.Count == 0 ? null : Math.Round(Percentiles.Of(latencies, 0.50), 1),
                latencies.Count == 0 ? null : Math.Round(Percentiles.Of(latencies, 0.95), 1),
                recent.Take(10).ToList(),
                recent.Where(r => r.Status == ArticleStatus.Failed).Take(5).ToList())
            {
                Pending = pending,
                BlobTriggerPoison = await blobTriggerPoison.ConfigureAwait(false),
            };
        }
    }
}
