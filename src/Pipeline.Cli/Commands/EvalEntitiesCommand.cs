using System.CommandLine;
using Pipeline.Core.Articles;
using Pipeline.Core.Segmentation;
using Pipeline.Evaluation;
using Pipeline.Evaluation.Entities;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline eval entities --data DIR --gold FILE [--split dev|heldout|blind|all] [--json]</c>: entity precision and recall
/// per kind, roles, quote and reported-speech speakers on annotations of a benchmark's articles.
/// </summary>
internal static class EvalEntitiesCommand
{
    private static readonly Func<CleanedArticle, SegmentedArticle> Segment = article => ArticleSegmenter.Segment(article, SegmentationOptions.Default);

    public static Command Create()
    {
        var data = new Option<string>("--data")
        {
            Description = "A folder with AEB's ground-truth.json (e.g. ../shared/bench/aeb): the article bodies are read from it.",
            Required = true,
        };
        var gold = new Option<string>("--gold")
        {
            Description = "Annotations referencing the folder's article ids (e.g. samples/eval/entities-aeb.json; format in docs/evaluation.md).",
            Required = true,
        };
        var split = new Option<string>("--split")
        {
            Description = "Which annotated articles to score: dev, heldout, blind or all.",
            DefaultValueFactory = _ => "dev",
        };
        split.AcceptOnlyFromAmong("dev", "heldout", "blind", "all");
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of the report." };
        var errors = new Option<int>("--errors") { Description = "List up to N disagreements with the annotation.", DefaultValueFactory = _ => 0 };
        var command = new Command("entities", "Score entities (per kind), roles and speakers against annotations of a benchmark's articles.");
        command.Options.Add(data);
        command.Options.Add(gold);
        command.Options.Add(split);
        command.Options.Add(json);
        command.Options.Add(errors);
        command.SetAction(parseResult =>
        {
            try
            {
                var articles = EntityEvaluation.Load(parseResult.GetValue(data)!, parseResult.GetValue(gold)!);
                var result = EntityEvaluation.Evaluate(articles, parseResult.GetValue(split) ?? "dev", Segment);
                Console.Out.WriteLine(parseResult.GetValue(json)
                    ? EntityEvaluation.RenderJson(result)
                    : EntityEvaluation.RenderText(result, parseResult.GetValue(errors)).TrimEnd());
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
