using System.CommandLine;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline replay</c>: move poisoned messages back onto their queue after a fix.</summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var queue = new Option<string?>("--queue") { Description = "Only this stage queue (submit, clean, segment or classify); default: all." };
        var dryRun = new Option<bool>("--dry-run") { Description = "Count what would move without moving it." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {moved: {queue: count}}." };
        var command = new Command("replay", "Move messages from each <queue>-poison back to <queue> so the running host retries them (after you fixed the cause). Each message is sent before it is deleted, so none is lost.")
        {
            queue, dryRun, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var context = CliContext.Create(parseResult);
            var wanted = parseResult.GetValue(queue);
            var queues = context.Names.Queues.Where(q => wanted is null || q == wanted).ToList();
            if (queues.Count == 0)
            {
                throw new Local.UserErrorException($"Unknown queue '{wanted}'. Queues: {string.Join(", ", context.Names.Queues)}.");
            }

            var replay = new PoisonReplay(context.Connection);
            var moved = new Dictionary<string, int>();
            foreach (var name in queues)
            {
                moved[name] = parseResult.GetValue(dryRun)
                    ? await replay.CountAsync(name, cancellationToken).ConfigureAwait(false)
                    : await replay.MoveAllAsync(name, cancellationToken).ConfigureAwait(false);
            }

            if (parseResult.GetValue(json))
            {
                Output.Json(new { moved, dryRun = parseResult.GetValue(dryRun) });
            }
            else
            {
                foreach (var (name, count) in moved)
                {
                    Console.WriteLine($"{name}-poison -> {name}: {count} message(s) {(parseResult.GetValue(dryRun) ? "would move" : "moved")}");
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
