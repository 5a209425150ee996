using System.CommandLine;
using Pipeline.Cli.Commands;

namespace Pipeline.Cli;

/// <summary>Every <c>pipeline</c> command, in the order <c>--help</c> lists them.</summary>
internal static class CommandCatalog
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "Pipeline: drop scraped news articles into a storage container; they are cleaned, segmented and classified into Table Storage.\n" +
            "Exit codes: 0 ok, 1 user error or not found, 2 infrastructure error (storage unreachable).");
        foreach (var command in Commands())
        {
            root.Subcommands.Add(command);
        }

        root.Options.Add(CliContext.ConnectionOption);
        root.Options.Add(CliContext.AccountOption);

        return root;
    }

    private static IEnumerable<Command> Commands()
    {
        yield return DemoCommand.Create();
        yield return UpCommand.Create();
        yield return DownCommand.Create();
        yield return StatusCommand.Create();
        yield return HostCommand.Create();
        yield return DropCommand.Create();
        yield return ListCommand.Create();
        yield return ShowCommand.Create();
        yield return ProcessCommand.Create();
        yield return WatchCommand.Create();
        yield return WebCommand.Create();
        yield return FailuresCommand.Create();
        yield return ReplayCommand.Create();
        yield return ReprocessCommand.Create();
        yield return ExportCommand.Create();
        foreach (var query in QueryCommands.Create())
        {
            yield return query;
        }

        yield return BenchCommand.Create();
        yield return EvalCommand.Create();
        yield return TrainCommand.Create();
    }
}
