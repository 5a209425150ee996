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

            var depths = await context.Monitor.ReadQueueDepthsAsync(cancellationToken, countInFlight: true).ConfigureAwait(false);
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
