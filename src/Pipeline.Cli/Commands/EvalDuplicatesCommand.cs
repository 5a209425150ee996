using System.CommandLine;
using Pipeline.Evaluation;
using Pipeline.Evaluation.Duplicates;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval duplicates --data FILE [--json]</c>: precision and recall of the near-duplicate decision.</summary>
internal static class EvalDuplicatesCommand
{
    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "JSONL file of labeled pairs: {\"a\": text, \"b\": text, \"duplicate\": true|false} (see docs/evaluation.md).",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (precision, recall, f1, n) instead of the report." };
        var command = new Command("duplicates", "Score the MinHash near-duplicate decision against labeled pairs.");
        command.Options.Add(data);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            try
            {
                var result = DuplicateEvaluation.Run(parseResult.GetValue(data)!);
                Console.Out.WriteLine(parseResult.GetValue(json) ? DuplicateEvaluation.RenderJson(result) : DuplicateEvaluation.RenderText(result).TrimEnd());
                return ExitCodes.Ok;
            }
            catch (EvaluationDataException ex)
            {
                Console.Error.WriteLine(ex.Message);
                return ExitCodes.UserError;
            }
        });
        return command;
    }
}
