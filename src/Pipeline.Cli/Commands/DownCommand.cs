using System.CommandLine;
using Pipeline.Cli.Local;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline down</c>: stop the Azurite that <c>up</c> started. Data stays in .azurite/.</summary>
internal static class DownCommand
{
    /// <summary>How long Azurite gets to save its stores and exit after SIGTERM before it is killed.</summary>
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(30);

    public static Command Create()
    {
        var command = new Command("down", "Stop the Azurite that `up` started: SIGTERM, wait up to 30 s for it to save and exit, kill only after that (and say so). Its data stays in .azurite/ (delete the folder to start afresh).");
        command.SetAction(_ => CommandRunner.RunAsync(() =>
        {
            var outcome = AzuriteProcess.Stop(RepoPaths.RequireRoot(), GracePeriod);
            switch (outcome)
            {
                case StopOutcome.Graceful:
                    Console.WriteLine("Azurite stopped (its data is saved in .azurite/).");
                    return Task.FromResult(ExitCodes.Ok);
                case StopOutcome.Killed:
                    Console.Error.WriteLine($"Azurite did not stop within {GracePeriod.TotalSeconds:0} s of SIGTERM and was killed: writes from its last few seconds may be lost.");
                    return Task.FromResult(ExitCodes.InfrastructureError);
                default:
                    Console.WriteLine("Azurite was not running (no pid in .azurite/azurite.pid).");
                    return Task.FromResult(ExitCodes.Ok);
            }
        }));
        return command;
    }
}
