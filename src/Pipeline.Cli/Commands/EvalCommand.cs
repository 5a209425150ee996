using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Classification.Ml;
using Pipeline.Core.Classification;
using Pipeline.Core.Classification.Topics;
using Pipeline.Evaluation.Topics;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval topics</c>: score a topic classifier on a labeled JSONL set.</summary>
internal static class EvalCommand
{
    public static Command Create()
    {
        var eval = new Command("eval", "Evaluate a classifier on a labeled data set and print its figures (add --json for scripts).");
        eval.Subcommands.Add(CreateTopics());
        eval.Subcommands.Add(EvalSpeakersCommand.Create());
        eval.Subcommands.Add(EvalDuplicatesCommand.Create());
        eval.Subcommands.Add(EvalEntitiesCommand.Create());
        return eval;
    }

    private static Command CreateTopics()
    {
        var data = new Option<FileInfo>("--data") { Description = "JSONL file: one {\"title\"?, \"text\", \"labels\": [...]} object per line.", Required = true };
        var map = new Option<FileInfo?>("--map") { Description = "JSON object mapping product labels onto the data set's labels, e.g. {\"sport\": \"Sports\"}." };
        var model = new Option<string>("--model") { Description = "default (keyword classifier), trained, or a model VERSION.", DefaultValueFactory = _ => "default" };
        var modelFile = new Option<FileInfo?>("--model-file") { Description = "A trained topic model zip (from `pipeline train topics`)." };
        var taxonomy = new Option<FileInfo?>("--taxonomy") { Description = "A taxonomy JSON file merged onto the default keyword taxonomy." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var errors = new Option<int>("--errors") { Description = "Also list up to N misclassified items with the evidence behind each prediction.", DefaultValueFactory = _ => 0 };

        var command = new Command("topics", "Top-label accuracy, macro-F1, per-label precision/recall and a confusion matrix of a topic classifier.");
        command.Options.Add(data);
        command.Options.Add(map);
        command.Options.Add(model);
        command.Options.Add(modelFile);
        command.Options.Add(taxonomy);
        command.Options.Add(json);
        command.Options.Add(errors);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var dataFile = parseResult.GetValue(data)!;
            var showErrors = parseResult.GetValue(errors);
            var mapFile = parseResult.GetValue(map);
            var modelName = parseResult.GetValue(model) ?? "default";
            var modelPath = parseResult.GetValue(modelFile);
            var taxonomyFile = parseResult.GetValue(taxonomy);
            var asJson = parseResult.GetValue(json);
            try
            {
                var items = TopicDataSet.Parse(ReadFile(dataFile, "data set"));
                if (items.Count == 0)
                {
                    return Fail($"The data set {dataFile.FullName} has no items.");
                }

                var labelMap = mapFile is null ? LabelMap.Identity : LabelMap.Parse(ReadFile(mapFile, "label map"));
                using var classifier = await OpenClassifierAsync(parseResult, modelName, modelPath, taxonomyFile, cancellationToken).ConfigureAwait(false);
                if (classifier is null)
                {
                    return ExitCodes.UserError;
                }

                var report = TopicEvaluator.Evaluate(classifier.Classifier, items, labelMap);
                if (asJson)
                {
                    Console.Out.WriteLine(ToJson(report));
                }
                else
                {
                    Print(report, dataFile.Name);
                    PrintMisses(report.Misses, showErrors);
                }

                return ExitCodes.Ok;
            }
            catch (Exception ex) when (ex is FileNotFoundException or FormatException or InvalidDataException or UnauthorizedAccessException or DirectoryNotFoundException)
            {
                return Fail(ex.Message);
            }
        });
        return command;
    }

    internal static string ReadFile(FileInfo file, string what)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"The {what} file {file.FullName} does not exist.");
        }

        return File.ReadAllText(file.FullName);
    }

    internal static int Fail(string message)
    {
        Console.Error.WriteLine(message);
        return ExitCodes.UserError;
    }

    private static async Task<ClassifierHandle?> OpenClassifierAsync(ParseResult parseResult, string modelName, FileInfo? modelPath, FileInfo? taxonomyFile, CancellationToken cancellationToken)
    {
        if (modelPath is not null)
        {
            if (!modelPath.Exists)
            {
                Fail($"The model file {modelPath.FullName} does not exist.");
                return null;
            }

            using var stream = modelPath.OpenRead();
            var ml = MlTopicClassifier.Load(stream);
            return new ClassifierHandle(ml, ml);
        }

        if (!string.Equals(modelName, "default", StringComparison.OrdinalIgnoreCase))
        {
            // "trained" is the newest stored model (what the classify stage uses); anything else names a version.
            byte[]? bytes = null;
            var exit = await CommandRunner.RunAsync(async () =>
            {
                await using var context = CliContext.Create(parseResult);
                var store = context.Get<TopicModelStore>();
                var blob = string.Equals(modelName, "trained", StringComparison.OrdinalIgnoreCase)
                    ? await store.NewestAsync(cancellationToken).ConfigureAwait(false)
                    : TopicModelStore.BlobNameOf(modelName);
                bytes = blob is null ? null : await store.DownloadAsync(blob, cancellationToken).ConfigureAwait(false);
                return ExitCodes.Ok;
            }).ConfigureAwait(false);
            if (exit != ExitCodes.Ok)
            {
                return null;
            }

            if (bytes is null)
            {
                Fail(string.Equals(modelName, "trained", StringComparison.OrdinalIgnoreCase)
                    ? "No trained topic model is stored yet: train one with `pipeline train topics --data FILE.jsonl`."
                    : $"No stored topic model has version \"{modelName}\".");
                return null;
            }

            var stored = MlTopicClassifier.Load(bytes);
            return new ClassifierHandle(stored, stored);
        }

        var taxonomy = Taxonomy.Default;
        if (taxonomyFile is not null)
        {
            taxonomy = taxonomy.Merge(Taxonomy.Parse(ReadFile(taxonomyFile, "taxonomy")));
        }

        return new ClassifierHandle(new KeywordTopicClassifier(taxonomy), null);
    }

    private static string ToJson(TopicEvaluationReport report)
    {
        var columns = report.Confusion.Columns;
        var payload = new Dictionary<string, object>
        {
            ["model_id"] = report.ModelId,
            ["n"] = report.N,
            ["accuracy"] = Math.Round(report.Accuracy, 4),
            ["macro_f1"] = Math.Round(report.MacroF1, 4),
            ["unlabeled"] = report.Unlabeled,
            ["ms_per_article_median"] = Math.Round(report.MillisecondsMedian, 4),
            ["ms_per_article_p95"] = Math.Round(report.MillisecondsP95, 4),
            ["cpu_ms_per_article_mean"] = Math.Round(report.CpuMillisecondsMean, 4),
            ["per_label"] = report.PerLabel.Select(m => new Dictionary<string, object>
            {
                ["label"] = m.Label,
                ["precision"] = Math.Round(m.Precision, 4),
                ["recall"] = Math.Round(m.Recall, 4),
                ["f1"] = Math.Round(m.F1, 4),
                ["support"] = m.Support,
            }).ToList(),
            ["confusion"] = new Dictionary<string, object>
            {
                ["labels"] = columns,
                ["rows"] = report.Confusion.TrueLabels.ToDictionary(t => t, t => columns.Select(p => report.Confusion.Count(t, p)).ToArray()),
            },
        };
        return JsonSerializer.Serialize(payload);
    }

    private static void Print(TopicEvaluationReport report, string dataName)
    {
        AnsiConsole.MarkupLine($"[bold]{Markup.Escape(report.ModelId)}[/] on [bold]{Markup.Escape(dataName)}[/]: {report.N} items");
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"accuracy [bold]{report.Accuracy:P1}[/]   macro-F1 [bold]{report.MacroF1:F3}[/]   unlabeled {report.Unlabeled}"));
        AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"time per article: median {report.MillisecondsMedian:F3} ms, p95 {report.MillisecondsP95:F3} ms (wall); mean CPU {report.CpuMillisecondsMean:F3} ms"));
        PrintPerLabel(report.PerLabel);
        PrintConfusion(report.Confusion);
    }

    private static void PrintMisses(IReadOnlyList<TopicMiss> misses, int limit)
    {
        if (limit <= 0 || misses.Count == 0)
        {
            return;
        }

        var table = new Table { Title = new TableTitle($"misclassified (first {Math.Min(limit, misses.Count)} of {misses.Count})") };
        table.AddColumns("line", "title", "truth", "predicted", "evidence");
        foreach (var miss in misses.Take(limit))
        {
            table.AddRow(
                miss.Line.ToString(CultureInfo.InvariantCulture),
                Markup.Escape(miss.Title),
                Markup.Escape(miss.Truth),
                Markup.Escape($"{miss.Predicted} ({miss.ProductLabel})"),
                Markup.Escape(string.Join(", ", miss.Evidence)));
        }

        AnsiConsole.Write(table);
    }

    internal static void PrintPerLabel(IReadOnlyList<LabelMetrics> metrics)
    {
        var table = new Table().AddColumns("label", "precision", "recall", "F1", "support");
        foreach (var m in metrics)
        {
            table.AddRow(
                Markup.Escape(m.Label),
                m.Precision.ToString("F3", CultureInfo.InvariantCulture),
                m.Recall.ToString("F3", CultureInfo.InvariantCulture),
                m.F1.ToString("F3", CultureInfo.InvariantCulture),
                m.Support.ToString(CultureInfo.InvariantCulture));
        }

        AnsiConsole.Write(table);
    }

    internal static void PrintConfusion(ConfusionMatrix confusion)
    {
        var columns = confusion.Columns;
        var table = new Table { Title = new TableTitle("confusion (rows: truth, columns: predicted)") };
        table.AddColumn("truth \\ predicted");
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)).RightAligned());
        }

        foreach (var truth in confusion.TrueLabels)
        {
            var cells = new List<string> { Markup.Escape(truth) };
            foreach (var column in columns)
            {
                var count = confusion.Count(truth, column);
                var text = count.ToString(CultureInfo.InvariantCulture);
                cells.Add(string.Equals(truth, column, StringComparison.Ordinal) ? $"[bold]{text}[/]" : count == 0 ? "[grey]0[/]" : text);
            }

            table.AddRow(cells.ToArray());
        }

        AnsiConsole.Write(table);
    }

    private sealed class ClassifierHandle(ITopicClassifier classifier, IDisposable? owned) : IDisposable
    {
        public ITopicClassifier Classifier { get; } = classifier;

        public void Dispose() => owned?.Dispose();
    }
}
