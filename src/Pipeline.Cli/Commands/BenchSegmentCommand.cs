using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Evaluation.Segmentation;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline bench segment [--golden FILE] [--json]</c>: golden sentence-boundary rules and splitter throughput.</summary>
internal static class BenchSegmentCommand
{
    private const string DefaultGolden = "shared/bench/sbd/golden_en.json";

    public static Command Create()
    {
        var golden = new Option<FileInfo?>("--golden")
        {
            Description = "Golden file [{id, text, expected: [sentences]}] (default: ../" + DefaultGolden + " beside the current directory or the repository).",
        };
        var sizeMb = new Option<int>("--size-mb")
        {
            Description = "Size of the generated news corpus for the throughput figure, in MB.",
            DefaultValueFactory = _ => 4,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: passed, total, failed_ids, mb_per_s." };
        var command = new Command("segment", "Sentence splitter: pass rate on golden rules and throughput (MB/s, one thread) on generated news prose.");
        command.Options.Add(golden);
        command.Options.Add(sizeMb);
        command.Options.Add(json);
        command.SetAction(parseResult => Run(parseResult.GetValue(golden), parseResult.GetValue(sizeMb), parseResult.GetValue(json)));
        return command;
    }

    private static int Run(FileInfo? golden, int sizeMb, bool json)
    {
        var path = golden?.FullName ?? FindDefaultGolden();
        if (path is null)
        {
            Console.Error.WriteLine($"No golden file found at ../{DefaultGolden} from the current directory or the repository root; pass --golden FILE.");
            return ExitCodes.UserError;
        }

        if (!File.Exists(path))
        {
            Console.Error.WriteLine($"Golden file not found: {path}");
            return ExitCodes.UserError;
        }

        if (sizeMb is < 1 or > 256)
        {
            Console.Error.WriteLine("--size-mb must be between 1 and 256.");
            return ExitCodes.UserError;
        }

        IReadOnlyList<GoldenRule> rules;
        try
        {
            rules = SegmentBenchmark.LoadGolden(path);
        }
        catch (Exception e) when (e is InvalidDataException or JsonException or IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"Cannot read the golden file: {e.Message}");
            return ExitCodes.UserError;
        }

        var score = SegmentBenchmark.ScoreGolden(rules);
        var corpus = SegmentBenchmark.BuildCorpus(sizeMb * 1_000_000L);
        var speed = SegmentBenchmark.MeasureThroughput(corpus);

        if (json)
        {
            var result = new
            {
                passed = score.Passed,
                total = score.Total,
                failed_ids = score.FailedIds,
                mb_per_s = Math.Round(speed.SplitterPerArticle, 2),
                mb_per_s_one_string = Math.Round(speed.SplitterOneString, 2),
                stage_mb_per_s = Math.Round(speed.StagePerArticle, 2),
                corpus_mb = Math.Round(speed.CorpusBytes / 1e6, 2),
                articles = speed.Articles,
                golden = path,
            };
            Console.WriteLine(JsonSerializer.Serialize(result));
            return ExitCodes.Ok;
        }

        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"Golden rules: {score.Passed}/{score.Total} passed ({100.0 * score.Passed / Math.Max(1, score.Total):F2}%)  [{path}]"));
        foreach (var failure in score.Failures)
        {
            Console.WriteLine($"  FAIL {failure.Id}");
            Console.WriteLine($"    expected: {string.Join(" | ", failure.Expected)}");
            Console.WriteLine($"    actual:   {string.Join(" | ", failure.Actual)}");
        }

        Console.WriteLine(string.Create(invariant, $"Throughput on {speed.CorpusBytes / 1e6:F1} MB of news prose ({speed.Articles} articles), one thread, best of 5:"));
        Console.WriteLine(string.Create(invariant, $"  sentence splitter, per article:   {speed.SplitterPerArticle,8:F1} MB/s"));
        Console.WriteLine(string.Create(invariant, $"  sentence splitter, one string:   {speed.SplitterOneString,8:F1} MB/s"));
        Console.WriteLine(string.Create(invariant, $"  segment stage (all outputs):     {speed.StagePerArticle,8:F1} MB/s"));
        return ExitCodes.Ok;
    }

    /// <summary>../shared/bench/sbd/golden_en.json beside the current directory, or beside the repository root.</summary>
    private static string? FindDefaultGolden()
    {
        var candidates = new List<string> { Path.GetFullPath(Path.Combine("..", DefaultGolden)) };
        foreach (var origin in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                {
                    candidates.Add(Path.GetFullPath(Path.Combine(dir.FullName, "..", DefaultGolden)));
                    break;
                }
            }
        }

        return candidates.FirstOrDefault(File.Exists);
    }
}
