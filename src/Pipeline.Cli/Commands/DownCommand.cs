using System.CommandLine;
using Pipeline.Cli.Local;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline down</c>: stop the Azurite that <c>up</c> started. Data stays in .azurite/.</summary>
internal static class DownCommand
{
    public static Command Create()
    {
        var command = new Command("down", "Stop the Azurite that `up` started. Its data stays in .azurite/ (delete the folder to start afresh).");
        command.SetAction(_ => CommandRunner.RunAsync(() =>
        {
            var stopped = AzuriteProcess.Stop(RepoPaths.RequireRoot());
            Console.WriteLine(stopped ? "Azurite stopped." : "Azurite was not running (no pid in .azurite/azurite.pid).");
            return Task.FromResult(ExitCodes.Ok);
        }));
        return command;
    }
}
