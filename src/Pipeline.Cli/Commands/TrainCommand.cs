using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Pipeline.Classification.Ml;
using Pipeline.Evaluation.Topics;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline train topics</c>: train the ML.NET topic model from the user's labeled examples.</summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var train = new Command("train", "Train a classifier from labeled examples.");
        train.Subcommands.Add(CreateTopics());
        return train;
    }

    private static Command CreateTopics()
    {
        var data = new Option<FileInfo>("--data") { Description = "JSONL file: one {\"title\"?, \"text\", \"labels\": [...]} object per line (first label trains).", Required = true };
        var folds = new Option<int>("--folds") { Description = "Cross-validation folds (at least 2).", DefaultValueFactory = _ => 5 };
        var seed = new Option<int>("--seed") { Description = "Seed for folds and training; the same data and seed give the same model.", DefaultValueFactory = _ => 42 };
        var output = new Option<FileInfo?>("--out") { Description = "Where to write the model zip (default ./topics-model-<version>.zip)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of tables." };
        var noUpload = new Option<bool>("--no-upload") { Description = "Only write the zip; do not store it as a versioned blob for the classify stage." };

        var command = new Command("topics",
            "Cross-validate, then train on all examples, write the model zip and store it as a versioned blob (pipeline-models/topics/<version>.zip). " +
            "Running hosts pick up the newest model within a minute; results then name it in topicModel (mlnet/<version>).");
        command.Options.Add(data);
        command.Options.Add(folds);
        command.Options.Add(seed);
        command.Options.Add(output);
        command.Options.Add(json);
        command.Options.Add(noUpload);
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            var dataFile = parseResult.GetValue(data)!;
            var foldCount = parseResult.GetValue(folds);
            var seedValue = parseResult.GetValue(seed);
            var asJson = parseResult.GetValue(json);
            if (foldCount < 2)
            {
                return EvalCommand.Fail("--folds must be at least 2.");
            }

            TrainedTopicModel model;
            try
            {
                var items = TopicDataSet.Parse(EvalCommand.ReadFile(dataFile, "data set"));

                // The version is when the model was trained (the host is allowed a clock; the trainer is not).
                var version = DateTime.UtcNow.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);
                model = MlTopicTrainer.Train(items, foldCount, seedValue, version);
            }
            catch (Exception ex) when (ex is FileNotFoundException or FormatException or ArgumentException or UnauthorizedAccessException)
            {
                return EvalCommand.Fail(ex.Message);
            }

            var path = parseResult.GetValue(output)?.FullName ?? Path.GetFullPath($"topics-model-{model.Version}.zip");
            try
            {
                File.WriteAllBytes(path, model.ModelBytes);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return EvalCommand.Fail($"Could not write the model to {path}: {ex.Message}");
            }

            string? blob = null;
            if (!parseResult.GetValue(noUpload))
            {
                var uploaded = await CommandRunner.RunAsync(async () =>
                {
                    await using var context = CliContext.Create(parseResult);
                    blob = await context.Get<TopicModelStore>().UploadAsync(model.Version, model.ModelBytes, cancellationToken).ConfigureAwait(false);
                    return ExitCodes.Ok;
                }).ConfigureAwait(false);
                if (uploaded != ExitCodes.Ok)
                {
                    await Console.Error.WriteLineAsync($"The model was written to {path} but not stored in the models container (use --no-upload to skip storage).").ConfigureAwait(false);
                    return uploaded;
                }
            }

            if (asJson)
            {
                var columns = model.Confusion.Columns;
                Console.Out.WriteLine(JsonSerializer.Serialize(new Dictionary<string, object>
                {
                    ["model_id"] = $"mlnet/{model.Version}",
                    ["version"] = model.Version,
                    ["path"] = path,
                    ["blob"] = blob ?? string.Empty,
                    ["n"] = model.TrainingItems,
                    ["folds"] = model.Folds,
                    ["accuracy"] = Math.Round(model.Accuracy, 4),
                    ["macro_f1"] = Math.Round(model.MacroF1, 4),
                    ["labels"] = model.Labels,
                    ["confusion"] = new Dictionary<string, object>
                    {
                        ["labels"] = columns,
                        ["rows"] = model.Confusion.TrueLabels.ToDictionary(t => t, t => columns.Select(p => model.Confusion.Count(t, p)).ToArray()),
                    },
                }));
            }
            else
            {
                AnsiConsole.MarkupLine($"[bold]mlnet/{Markup.Escape(model.Version)}[/]: {model.TrainingItems} items, {model.Labels.Count} labels, {model.Folds}-fold cross-validation");
                AnsiConsole.MarkupLine(string.Create(CultureInfo.InvariantCulture, $"accuracy [bold]{model.Accuracy:P1}[/]   macro-F1 [bold]{model.MacroF1:F3}[/]"));
                EvalCommand.PrintPerLabel(model.Confusion.PerLabel());
                EvalCommand.PrintConfusion(model.Confusion);
                AnsiConsole.MarkupLine($"model written to [bold]{Markup.Escape(path)}[/]" + (blob is null ? string.Empty : $" and stored as [bold]{Markup.Escape(blob)}[/]"));
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
