using System.CommandLine;
using Pipeline.Cli.Local;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline status</c>: what runs where, what is missing, how full the queues are.</summary>
internal static class StatusCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object: storage, azurite, reachable, missing, queues, blobTriggerPoison." };
        var command = new Command("status", "Say where storage is, whether Azurite runs, which resources are missing and how deep each queue (and its poison queue) is.") { json };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var context = CliContext.Create(parseResult);
            var root = RepoPaths.FindRoot();
            var pid = root is null ? null : AzuriteProcess.RunningPid(root);
            var local = context.Connection.BlobService().Uri.IsLoopback;
            var azurite = !local ? "not used (remote account)" : pid is not null ? $"running (pid {pid}, started by `up`)"
                : AzuriteEndpoints.IsListening(context.Connection.BlobService().Uri.Port) ? "running (not started by `up`)" : "not running";

            IReadOnlyList<string> missing;
            try
            {
                missing = await context.Get<Provisioner>().FindMissingAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (StorageResilience.IsUnreachable(e))
            {
                if (parseResult.GetValue(json))
                {
                    Output.Json(new { storage = context.Connection.Describe(), azurite, reachable = false });
                }
                else
                {
                    Console.WriteLine($"Storage: {context.Connection.Describe()} — unreachable. Azurite: {azurite}. Start it with ./pipeline up.");
                }

                return ExitCodes.InfrastructureError;
            }

            var depths = await QueueDepths.ReadAsync(context, cancellationToken).ConfigureAwait(false);
            var blobTriggerPoison = await context.Monitor.ReadBlobTriggerPoisonAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Output.Json(new { storage = context.Connection.Describe(), azurite, reachable = true, missing, queues = depths, blobTriggerPoison });
                return ExitCodes.Ok;
            }

            Console.WriteLine($"Storage:   {context.Connection.Describe()}");
            Console.WriteLine($"Azurite:   {azurite}");
            Console.WriteLine(missing.Count == 0 ? "Resources: all present" : $"Missing:   {string.Join(", ", missing)} (run ./pipeline up)");
            foreach (var depth in depths)
            {
                var inFlight = depth.InFlight is > 0 ? $" ({depth.InFlight} in flight)" : string.Empty;
                Console.WriteLine($"Queue {depth.Queue,-9} {depth.Messages,6} waiting{inFlight}   poison: {depth.Poison}");
            }

            if (blobTriggerPoison > 0)
            {
                // The engine's queue, not ours: `replay` does not serve it, but nothing in it is lost.
                Console.WriteLine($"Blob trigger gave up on {blobTriggerPoison} blob(s) ({ResourceNames.PoisonQueueOf(ResourceNames.BlobTriggerQueue)}): " +
                    "the reconcile sweep announces a blob that was never ingested on the submit queue again, whose poison queue (above) `pipeline replay` serves.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}

/// <summary>The depth of one stage queue and its poison twin.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Messages">All its messages (Azure's approximate count: waiting plus in flight).</param>
/// <param name="Poison">Messages in its poison queue.</param>
internal sealed record QueueDepth(string Queue, int Messages, int Poison)
{
    /// <summary>
    /// Messages a host has taken and not finished: invisible until it does, or until their lease (10 minutes, set by the
    /// trigger engine) runs out when the host died. Null when too many are waiting to tell (a peek sees at most 32).
    /// </summary>
    public int? InFlight { get; init; }
}

internal static class QueueDepths
{
    private const int PeekLimit = 32; // the most a peek returns

    public static async Task<IReadOnlyList<QueueDepth>> ReadAsync(CliContext context, CancellationToken cancellationToken)
    {
        var service = context.Connection.QueueService();
        async Task<(int Count, int? InFlight)> CountAsync(string queue, bool inFlight)
        {
            try
            {
                var client = service.GetQueueClient(queue);
                var count = (await client.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
                if (!inFlight || count == 0)
                {
                    return (count, inFlight ? 0 : null);
                }

                // Peek sees only visible messages: the rest of the count has been taken by a host.
                var visible = (await client.PeekMessagesAsync(PeekLimit, cancellationToken).ConfigureAwait(false)).Value.Length;
                return (count, visible < PeekLimit ? Math.Max(0, count - visible) : null);
            }
            catch (Azure.RequestFailedException e) when (e.Status == 404)
            {
                return (0, inFlight ? 0 : null);
            }
        }

        var result = new List<QueueDepth>();
        foreach (var queue in context.Names.Queues)
        {
            var (count, inFlight) = await CountAsync(queue, inFlight: true).ConfigureAwait(false);
            var (poison, _) = await CountAsync(ResourceNames.PoisonQueueOf(queue), inFlight: false).ConfigureAwait(false);
            result.Add(new QueueDepth(queue, count, poison) { InFlight = inFlight });
        }

        return result;
    }
}
