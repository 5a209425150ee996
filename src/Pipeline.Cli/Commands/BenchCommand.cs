using System.CommandLine;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline bench clean|titles|segment|classify|pipeline|idle|web|hostile|chaos</c>: benchmark commands that print figures.</summary>
internal static class BenchCommand
{
    public static Command Create()
    {
        var bench = new Command("bench", "Measure a stage on benchmark data and print its figures (add --json for scripts).");
        bench.Subcommands.Add(BenchCleanCommand.Create());
        bench.Subcommands.Add(BenchTitlesCommand.Create());
        bench.Subcommands.Add(BenchSegmentCommand.Create());
        bench.Subcommands.Add(BenchClassifyCommand.Create());
        bench.Subcommands.Add(BenchPipelineCommand.Create());
        bench.Subcommands.Add(BenchIdleCommand.Create());
        bench.Subcommands.Add(BenchWebCommand.Create());
        bench.Subcommands.Add(BenchChaosCommand.Create());
        bench.Subcommands.Add(BenchHostileCommand.Create());
        return bench;
    }
}
