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

        return root;
    }

    private static IEnumerable<Command> Commands()
    {
        yield return BenchCommand.Create();
    }
}
