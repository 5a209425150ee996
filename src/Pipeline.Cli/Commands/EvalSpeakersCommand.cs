using System.CommandLine;
using Pipeline.Core.Articles;
using Pipeline.Core.Segmentation;
using Pipeline.Evaluation;
using Pipeline.Evaluation.Attribution;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline eval speakers --data FILE [--json]</c>: precision and recall of quote speakers on an annotated set.</summary>
internal static class EvalSpeakersCommand
{
    // The evaluation runs the same segmenter as the pipeline, so quote boundaries are the product's own.
    private static readonly Func<CleanedArticle, SegmentedArticle> Segment = article => ArticleSegmenter.Segment(article, SegmentationOptions.Default);

    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "JSONL file, one article a line: {\"text\": ..., \"quotes\": [{\"quote\": ..., \"speaker\": ...}]} (see docs/evaluation.md).",
            Required = true,
        };
        var json = new Option<bool>("--json") { Description = "Print one JSON object (precision, recall, f1, n) instead of the report." };
        var command = new Command("speakers", "Score quote speaker attribution against an annotated set.");
        command.Options.Add(data);
        command.Options.Add(json);
        command.SetAction(parseResult =>
        {
            try
            {
                var result = SpeakerEvaluation.Run(parseResult.GetValue(data)!, Segment);
                Console.Out.WriteLine(parseResult.GetValue(json) ? SpeakerEvaluation.RenderJson(result) : SpeakerEvaluation.RenderText(result).TrimEnd());
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
