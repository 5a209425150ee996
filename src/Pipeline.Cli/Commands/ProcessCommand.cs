using System.CommandLine;
using Pipeline.Cli.Local;
using Pipeline.Core;
using Pipeline.Core.Articles;
using Microsoft.Extensions.Configuration;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline process</c>: clean → segment → classify one local file in this process, with no storage.</summary>
internal static class ProcessCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "The article file (.html, .htm, .txt, .json or anything to sniff), or - for standard input." };
        var json = new Option<bool>("--json") { Description = "Print the record as one JSON object (the same shape as `show --json`)." };
        var name = new Option<string?>("--name") { Description = "The name to give standard input (its extension picks the kind), e.g. page.html." };
        var topics = new Option<string?>("--topics-file") { Description = "A JSON file of extra topic labels to merge into the default taxonomy." };
        var budgetSeconds = new Option<double?>("--stage-budget-seconds")
        {
            Description = "Time each stage may spend on the file before it stops with the failure code too-complex (default: Pipeline:StageBudgetSeconds, 60).",
        };
        var command = new Command("process", "Run clean, segment and classify on one local file in this process, without storage, and print the article record.")
        {
            file, json, name, topics, budgetSeconds,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
            {
                var path = parseResult.GetValue(file)!;
                byte[] bytes;
                string documentName;
                if (path == "-")
                {
                    using var stdin = Console.OpenStandardInput();
                    using var buffer = new MemoryStream();
                    await stdin.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                    bytes = buffer.ToArray();
                    documentName = parseResult.GetValue(name) ?? "stdin";
                }
                else
                {
                    if (!File.Exists(path))
                    {
                        throw new UserErrorException($"No such file: {path}");
                    }

                    bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
                    documentName = parseResult.GetValue(name) ?? Path.GetFileName(path);
                }

                var configuration = CliContext.BuildConfiguration(parseResult);
                var topicsFile = parseResult.GetValue(topics) ?? configuration["Pipeline:TopicsFile"];
                var classifier = TopicClassifierProvider.CreateKeywordClassifier(string.IsNullOrWhiteSpace(topicsFile) ? null : topicsFile);
                var seconds = parseResult.GetValue(budgetSeconds) ?? configuration.GetValue("Pipeline:StageBudgetSeconds", new StageOptions().StageBudgetSeconds);
                if (seconds is <= 0 or > StageOptions.EngineMessageLeaseSeconds / 2)
                {
                    throw new UserErrorException($"The stage budget must be above 0 and at most {StageOptions.EngineMessageLeaseSeconds / 2} seconds.");
                }

                using var budget = new StageBudget(TimeSpan.FromSeconds(seconds));
                // The hosts' settings (Pipeline:PassageSize, MaxArticleBytes, ...), so `process` shows what the pipeline would store.
                var settings = configuration.GetSection(Settings.SectionName).Get<StageOptions>() ?? new StageOptions();
                if (settings.CrossFieldProblems() is { Count: > 0 } problems)
                {
                    throw new UserErrorException(string.Join(Environment.NewLine, problems));
                }

                var record = ArticlePipeline.Process(new SourceDocument(documentName, bytes), settings.ToStageOptions(), classifier, budget.Start);
                if (parseResult.GetValue(json))
                {
                    Output.Json(record);
                }
                else
                {
                    ArticleView.Render(record);
                }

                if (record.Failure is { } failure && !parseResult.GetValue(json))
                {
                    await Console.Error.WriteLineAsync($"error: {failure.Stage}: {failure.Code}: {failure.Reason}").ConfigureAwait(false);
                }

                // Bad input is the user's to fix: exit 1, with the record (and its reason) still printed.
                return record.Status == ArticleStatus.Failed ? ExitCodes.UserError : ExitCodes.Ok;
            }));
        return command;
    }
}
