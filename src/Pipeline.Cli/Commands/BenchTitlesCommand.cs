using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Core.Cleaning;
using Pipeline.Evaluation.Cleaning;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline bench titles</c>: exact title accuracy of the text-dump cleaner on a checked sample of AEB pages.</summary>
internal static class BenchTitlesCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "AEB folder (html-gz/ for the truth, text-dumps/ for the input)." };
        var sample = new Option<FileInfo?>("--sample") { Description = "Checked sample: ids and where each page's true title is read (samples/eval/aeb-titles.json)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (pages, exact, accuracy, missing)." };
        var misses = new Option<bool>("--misses") { Description = "Also list every page whose title is wrong: id, truth, prediction (on stderr with --json)." };

        var command = new Command("titles", "Score the titles found in text dumps against the titles read from the same pages' HTML (exact accuracy).");
        command.Options.Add(data);
        command.Options.Add(sample);
        command.Options.Add(json);
        command.Options.Add(misses);
        command.SetAction(parseResult =>
        {
            var folder = parseResult.GetValue(data);
            var sampleFile = parseResult.GetValue(sample);
            if (folder is null || sampleFile is null)
            {
                Console.Error.WriteLine("--data (the AEB folder) and --sample (the checked sample file) are required.");
                return ExitCodes.UserError;
            }

            TitleBenchReport report;
            try
            {
                report = TitleBenchmark.Run(folder.FullName, TitleBenchmark.LoadSample(sampleFile.FullName), CleaningOptions.Default);
            }
            catch (BenchDataException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.UserError;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
            {
                Console.Error.WriteLine($"Could not read the benchmark data: {e.Message}");
                return ExitCodes.UserError;
            }

            Print(report, parseResult.GetValue(json), parseResult.GetValue(misses));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(TitleBenchReport report, bool asJson, bool misses)
    {
        var c = CultureInfo.InvariantCulture;
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["pages"] = report.Pages,
                ["exact"] = report.Exact,
                ["accuracy"] = report.Accuracy,
                ["missing"] = report.Missing,
            }));
        }
        else
        {
            Console.Out.WriteLine(string.Create(c, $"pages       {report.Pages}"));
            Console.Out.WriteLine(string.Create(c, $"exact       {report.Exact} ({report.Accuracy:P1})"));
            Console.Out.WriteLine(string.Create(c, $"no title    {report.Missing}"));
        }

        if (misses)
        {
            var writer = asJson ? Console.Error : Console.Out;
            foreach (var page in report.PageResults.Where(p => !p.Exact))
            {
                writer.WriteLine($"{page.Id[..12]}  truth: {page.Truth}");
                writer.WriteLine($"{new string(' ', 12)}  got:   {page.Predicted ?? "(none)"}");
            }
        }
    }
}
