using System.CommandLine;
using Pipeline.Core.Classification.Topics;
using Pipeline.Evaluation;
using Pipeline.Evaluation.Classification;
using Pipeline.Evaluation.Segmentation;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline bench classify</c>: milliseconds per article for the classify stage's pure part.</summary>
internal static class BenchClassifyCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "An AEB-format folder (its ground-truth article bodies) or a folder of .txt articles. Default: 4 MB of news prose written for the project." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: articles, megabytes, ms_per_article_median, ms_per_article_p95, ms_per_article_mean." };
        var command = new Command("classify", "Time language, topics, entities, speakers and the MinHash sketch per article, single thread, best of 3 rounds after a warm-up.")
        {
            data, json,
        };
        command.SetAction(parseResult =>
        {
            IReadOnlyList<string> texts;
            string corpus;
            try
            {
                var folder = parseResult.GetValue(data);
                texts = folder is null ? SegmentBenchmark.BuildCorpus(4L * 1024 * 1024) : ClassifyBenchmark.LoadCorpus(folder);
                corpus = folder ?? "news prose written for the project (4 MB)";
            }
            catch (EvaluationDataException e)
            {
                Console.Error.WriteLine("error: " + e.Message);
                return ExitCodes.UserError;
            }

            var result = ClassifyBenchmark.Run(texts, new KeywordTopicClassifier(), corpus);
            if (parseResult.GetValue(json))
            {
                Output.Json(new
                {
                    articles = result.Articles, megabytes = result.Megabytes, ms_per_article_median = result.MsPerArticleMedian,
                    ms_per_article_p95 = result.MsPerArticleP95, ms_per_article_mean = result.MsPerArticleMean, topic_model = result.TopicModel,
                });
            }
            else
            {
                Console.WriteLine($"corpus     {result.Corpus}: {result.Articles} articles, {result.Megabytes} MB");
                Console.WriteLine($"classify   median {result.MsPerArticleMedian} ms   p95 {result.MsPerArticleP95} ms   mean {result.MsPerArticleMean} ms per article ({result.TopicModel}, single thread)");
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
