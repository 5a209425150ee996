using System.CommandLine;
using Pipeline.Cli.Local;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline up</c>: start the pinned Azurite (if storage is local) and provision every resource.</summary>
internal static class UpCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("up", "Start Azurite on 127.0.0.1 (data in .azurite/, installed from package.json), create every container, queue and table, and move index rows an earlier version wrote into this version's layout. Idempotent.")
        {
            json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var context = CliContext.Create(parseResult);
            var azurite = await EnsureLocalStorageAsync(context, quiet: parseResult.GetValue(json)).ConfigureAwait(false);
            var created = await context.Get<Provisioner>().EnsureAllAsync(cancellationToken).ConfigureAwait(false);

            // Rows an earlier version wrote in the layout before shared partitions: moved now, so that queries find
            // them before any host has started (a host does the same in the background).
            var indexRowsMoved = await context.Get<IndexLayoutUpgrade>().RunAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Output.Json(new { storage = context.Connection.Describe(), azurite, created, indexRowsMoved });
            }
            else
            {
                Console.WriteLine($"Storage:     {context.Connection.Describe()} ({azurite})");
                Console.WriteLine(created.Count == 0 ? "Provisioned: everything already existed." : $"Provisioned: {string.Join(", ", created)}");
                if (indexRowsMoved > 0)
                {
                    Console.WriteLine($"Upgraded:    moved {indexRowsMoved} rows of the lookup tables and near-duplicate buckets into this version's shared partitions.");
                }

                Console.WriteLine("Next:        ./pipeline host   (or ./pipeline demo for the guided tour)");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>
    /// Starts the repo's Azurite when the configured storage is the local emulator on its default ports and nothing
    /// listens there yet. Returns what it found or did, for the user.
    /// </summary>
    public static Task<string> EnsureLocalStorageAsync(CliContext context, bool quiet)
    {
        var blobUri = context.Connection.BlobService().Uri;
        if (!blobUri.IsLoopback)
        {
            return Task.FromResult("remote account, nothing to start");
        }

        var endpoints = new AzuriteEndpoints(blobUri.Port, context.Connection.QueueService().Uri.Port, context.Connection.TableService().Uri.Port);
        if (endpoints.AllListening())
        {
            var root = RepoPaths.FindRoot();
            var pid = root is null ? null : AzuriteProcess.RunningPid(root);
            return Task.FromResult(pid is null ? "already running" : $"already running, pid {pid}");
        }

        if (!quiet)
        {
            Console.WriteLine($"Starting Azurite on 127.0.0.1:{endpoints.BlobPort}-{endpoints.TablePort} ...");
        }

        var started = AzuriteProcess.StartDetached(RepoPaths.RequireRoot(), endpoints);
        return Task.FromResult($"started, pid {started}, data in .azurite/");
    }
}
