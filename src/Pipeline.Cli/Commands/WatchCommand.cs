using System.CommandLine;
using System.Globalization;
using Pipeline.Core.Articles;
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
                Output.Json(await context.Monitor.TakeSnapshotAsync(DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false));
                return ExitCodes.Ok;
            }

            if (parseResult.GetValue(once) || !AnsiConsole.Profile.Capabilities.Interactive)
            {
                AnsiConsole.Write(Render(await context.Monitor.TakeSnapshotAsync(DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false)));
                return ExitCodes.Ok;
            }

            var delay = TimeSpan.FromSeconds(Math.Max(0.2, parseResult.GetValue(interval)));
            await AnsiConsole.Live(new Text("connecting ...")).AutoClear(false).StartAsync(async live =>
            {
                while (!cancellationToken.IsCancellationRequested)
                {
                    live.UpdateTarget(Render(await context.Monitor.TakeSnapshotAsync(DateTimeOffset.UtcNow, cancellationToken).ConfigureAwait(false)));
                    live.Refresh();
                    await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
                }
            }).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static IRenderable Render(ActivitySnapshot s)
    {
        var queues = new Table().Border(TableBorder.Rounded).Title("queues").AddColumns("queue", "waiting", "poison");
        foreach (var q in s.Queues)
        {
            queues.AddRow(q.Queue, q.Messages.ToString(CultureInfo.InvariantCulture), q.Poison > 0 ? $"[red]{q.Poison}[/]" : "0");
        }

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

        return new Rows(rate, queues, recent, failures);
    }

    private static string Ms(double? ms) => ms is null ? "-" : ms < 1000 ? $"{ms:0} ms" : $"{ms / 1000:0.0} s";
}
