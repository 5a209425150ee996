using System.CommandLine;
using System.Globalization;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline failures</c>: every recorded failure with its stage and reason, newest first.</summary>
internal static class FailuresCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "One JSON line per failure: {articleId, blob, stage, code, reason, at}." };
        var command = new Command("failures", "List failed articles: the blob, the stage, a reason code and a sentence saying what to do. Stage errors also leave the message in <queue>-poison (see replay).")
        {
            json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var context = CliContext.Create(parseResult);
            var failures = await context.Reader.ListFailuresAsync(cancellationToken).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                foreach (var (id, blob, failure, at) in failures)
                {
                    Output.Json(new { articleId = id, blob, stage = failure.Stage, code = failure.Code, reason = failure.Reason, at });
                }

                return ExitCodes.Ok;
            }

            if (failures.Count == 0)
            {
                Console.WriteLine("No failures recorded.");
                return ExitCodes.Ok;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumns("When", "Blob", "Stage", "Code", "Reason");
            foreach (var (_, blob, failure, at) in failures)
            {
                table.AddRow(at?.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) ?? string.Empty, Output.Markup(Output.Clip(blob, 36)),
                    failure.Stage, $"[red]{Output.Markup(failure.Code)}[/]", Output.Markup(failure.Reason));
            }

            AnsiConsole.Write(table);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
