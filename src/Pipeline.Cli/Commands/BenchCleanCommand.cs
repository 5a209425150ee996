using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Articles;
using Pipeline.Core.Cleaning;
using Pipeline.Evaluation.Cleaning;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline bench clean</c>: F1/precision/recall/accuracy and time per page of the clean stage.</summary>
internal static class BenchCleanCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo?>("--data") { Description = "Benchmark folder: AEB format (ground-truth.json, html-gz/, text-dumps/) or snippet format (evaldata.json + HTML files)." };
        var input = new Option<string>("--input") { Description = "For AEB folders: score the HTML pages (html) or the text dumps (text).", DefaultValueFactory = _ => "html" };
        input.AcceptOnlyFromAmong("html", "text");
        var json = new Option<bool>("--json") { Description = "Print one JSON object (f1, precision, recall, accuracy, pages, ms_per_page_median, ms_per_page_p95, repeat)." };
        var worst = new Option<int>("--worst") { Description = "Also list the N pages with the lowest F1 (on stderr with --json).", DefaultValueFactory = _ => 0 };
        var verify = new Option<FileInfo?>("--verify-metric") { Description = "Check the metric port against a golden vectors file (metric-test-vectors.json) and exit." };
        var repeat = new Option<int>("--repeat") { Description = "Clean each page this many times and report its fastest time (warm code, least disturbed by other work on the machine); scores come from the first run.", DefaultValueFactory = _ => 1 };
        var memory = new Option<int>("--memory-mib") { Description = "Instead of scoring, clean one generated page of this many MiB and report allocations and peak working set." };

        var command = new Command("clean", "Score the clean stage on a benchmark folder (F1, precision, recall, accuracy, ms per page).");
        command.Options.Add(data);
        command.Options.Add(input);
        command.Options.Add(json);
        command.Options.Add(worst);
        command.Options.Add(verify);
        command.Options.Add(repeat);
        command.Options.Add(memory);
        command.SetAction(parseResult =>
        {
            var asJson = parseResult.GetValue(json);
            if (parseResult.GetValue(verify) is { } vectors)
            {
                return VerifyMetric(vectors, asJson);
            }

            if (parseResult.GetValue(memory) is > 0 and var mib)
            {
                return MeasureMemory(mib, asJson);
            }

            var folder = parseResult.GetValue(data);
            if (folder is null)
            {
                Console.Error.WriteLine("--data is required: the benchmark folder to score.");
                return ExitCodes.UserError;
            }

            var repeatCount = parseResult.GetValue(repeat);
            if (repeatCount < 1)
            {
                Console.Error.WriteLine("--repeat must be at least 1.");
                return ExitCodes.UserError;
            }

            CleanBenchReport report;
            try
            {
                var kind = parseResult.GetValue(input) == "text" ? CleanBenchInput.Text : CleanBenchInput.Html;
                report = CleanBenchmark.Run(folder.FullName, kind, CleaningOptions.Default, repeatCount);
            }
            catch (BenchDataException e)
            {
                Console.Error.WriteLine(e.Message);
                return ExitCodes.UserError;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or InvalidDataException)
            {
                Console.Error.WriteLine($"Could not read the benchmark folder: {e.Message}");
                return ExitCodes.UserError;
            }

            Print(report, asJson, parseResult.GetValue(worst), repeatCount);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static void Print(CleanBenchReport report, bool asJson, int worst, int repeat)
    {
        if (asJson)
        {
            var payload = new Dictionary<string, object>
            {
                ["f1"] = report.F1,
                ["precision"] = report.Precision,
                ["recall"] = report.Recall,
                ["accuracy"] = report.Accuracy,
                ["pages"] = report.Pages,
                ["ms_per_page_median"] = report.MsPerPageMedian,
                ["ms_per_page_p95"] = report.MsPerPageP95,
                ["repeat"] = repeat,
            };
            Console.Out.WriteLine(JsonSerializer.Serialize(payload));
        }
        else
        {
            var c = CultureInfo.InvariantCulture;
            Console.Out.WriteLine(string.Create(c, $"format      {report.Format}"));
            Console.Out.WriteLine(string.Create(c, $"pages       {report.Pages}"));
            Console.Out.WriteLine(string.Create(c, $"F1          {report.F1:F4}"));
            Console.Out.WriteLine(string.Create(c, $"precision   {report.Precision:F4}"));
            Console.Out.WriteLine(string.Create(c, $"recall      {report.Recall:F4}"));
            Console.Out.WriteLine(string.Create(c, $"accuracy    {report.Accuracy:F4}"));
            Console.Out.WriteLine(string.Create(c, $"ms/page     median {report.MsPerPageMedian:F2}, p95 {report.MsPerPageP95:F2}{(repeat > 1 ? $" (each page's fastest of {repeat} runs)" : string.Empty)}"));
        }

        if (worst > 0)
        {
            var writer = asJson ? Console.Error : Console.Out;
            foreach (var page in report.PageResults.OrderBy(p => F1(p.Precision, p.Recall)).Take(worst))
            {
                writer.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{page.Id}  F1 {F1(page.Precision, page.Recall):F3}  P {page.Precision:F3}  R {page.Recall:F3}  {page.Milliseconds:F1} ms{(page.Rejection is null ? string.Empty : "  rejected: " + page.Rejection)}"));
            }
        }
    }

    private static double F1(double p, double r) => p + r == 0 ? 0 : 2 * p * r / (p + r);

    private static int VerifyMetric(FileInfo vectors, bool asJson)
    {
        if (!vectors.Exists)
        {
            Console.Error.WriteLine($"'{vectors.FullName}' does not exist.");
            return ExitCodes.UserError;
        }

        var (failures, checkedCount) = MetricVectors.Verify(vectors.FullName);
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object> { ["checked"] = checkedCount, ["failures"] = failures }));
        }
        else
        {
            Console.Out.WriteLine($"{checkedCount} metric vectors checked, {failures.Count} failed.");
            foreach (var failure in failures)
            {
                Console.Out.WriteLine("  " + failure);
            }
        }

        return failures.Count == 0 ? ExitCodes.Ok : ExitCodes.UserError;
    }

    /// <summary>Cleans one synthetic page of the given size: allocations and peak working set show how the stage scales.</summary>
    private static int MeasureMemory(int mib, bool asJson)
    {
        var html = SyntheticPage(mib * 1024 * 1024);
        var document = new SourceDocument("big.html", Encoding.UTF8.GetBytes(html));
        html = null;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baselineWorkingSet = process.WorkingSet64;
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
        var start = Stopwatch.GetTimestamp();
        var outcome = ArticleCleaner.Clean(document, CleaningOptions.Default);
        var elapsed = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        process.Refresh();
        var peak = process.PeakWorkingSet64;
        var figures = new Dictionary<string, object>
        {
            ["page_bytes"] = document.Content.Length,
            ["text_chars"] = outcome.Value?.Text.Length ?? 0,
            ["ms"] = elapsed,
            ["allocated_mib"] = allocated / 1048576.0,
            ["baseline_working_set_mib"] = baselineWorkingSet / 1048576.0,
            ["peak_working_set_mib"] = peak / 1048576.0,
        };
        if (asJson)
        {
            Console.Out.WriteLine(JsonSerializer.Serialize(figures));
        }
        else
        {
            foreach (var (key, value) in figures)
            {
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{key,-26}{value:0.##}"));
            }
        }

        return ExitCodes.Ok;
    }

    private static string SyntheticPage(int bytes)
    {
        var builder = new StringBuilder(bytes + 4096);
        builder.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Synthetic page</title></head><body>");
        builder.Append("<nav><ul><li><a href=\"/\">Home</a></li><li><a href=\"/world\">World</a></li></ul></nav><article>");
        var paragraph = 0;
        while (builder.Length < bytes)
        {
            paragraph++;
            builder.Append("<p>Paragraph ").Append(paragraph)
                .Append(" of a long synthetic article, written so that the extractor has real prose to score, with commas, clauses and a <a href=\"/x\">link</a> now and then.</p>\n");
            if (paragraph % 50 == 0)
            {
                builder.Append("<h2>Section ").Append(paragraph / 50).Append("</h2><div class=\"share-bar\"><a href=\"#\">Share</a> <a href=\"#\">Tweet</a></div>\n");
            }
        }

        builder.Append("</article><footer>All rights reserved.</footer></body></html>");
        return builder.ToString();
    }
}
