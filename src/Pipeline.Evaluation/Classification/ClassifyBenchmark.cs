using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification;
using Pipeline.Core.Segmentation;

namespace Pipeline.Evaluation.Classification;

/// <summary>Per-article cost of the classify stage's pure part (language, topics, entities, speakers, MinHash sketch).</summary>
public sealed record ClassifyBenchResult(int Articles, double Megabytes, double MsPerArticleMedian, double MsPerArticleP95, double MsPerArticleMean, string Corpus, string TopicModel);

public static class ClassifyBenchmark
{
    /// <summary>
    /// Article texts from a folder: an AEB-format folder (<c>ground-truth.json</c>, its article bodies), or every
    /// <c>.txt</c> file in it. Bodies are made into cleaned-article paragraphs (blank-line separated).
    /// </summary>
    public static IReadOnlyList<string> LoadCorpus(string folder)
    {
        var truth = Path.Combine(folder, "ground-truth.json");
        if (File.Exists(truth))
        {
            using var document = JsonDocument.Parse(File.ReadAllText(truth));
            return document.RootElement.EnumerateObject()
                .Select(p => p.Value.TryGetProperty("articleBody", out var body) ? body.GetString() ?? string.Empty : string.Empty)
                .Where(b => b.Length > 0)
                .Select(b => string.Join("\n\n", b.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)))
                .ToList();
        }

        var files = Directory.Exists(folder) ? Directory.GetFiles(folder, "*.txt") : [];
        return files.Length > 0
            ? files.Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList()
            : throw new EvaluationDataException($"{folder} holds neither ground-truth.json (AEB format) nor .txt files.");
    }

    /// <summary>Segments every text once (not timed), then times <see cref="ArticleClassifier.Classify"/> per article after a warm-up pass.</summary>
    public static ClassifyBenchResult Run(IReadOnlyList<string> texts, ITopicClassifier topics, string corpusName, int rounds = 3)
    {
        ArgumentNullException.ThrowIfNull(texts);
        var articles = texts.Select(t => ArticleSegmenter.Segment(
            new CleanedArticle { Text = t, Metadata = new ArticleMetadata(), Kind = SourceKind.Text, Encoding = "utf-8" },
            SegmentationOptions.Default)).ToList();
        var classifier = new ArticleClassifier(topics);
        foreach (var article in articles)
        {
            classifier.Classify(article); // warm-up: JIT and lazily built lexicons are not what a running host pays
        }

        var perArticle = new double[articles.Count];
        Array.Fill(perArticle, double.MaxValue);
        for (var round = 0; round < rounds; round++)
        {
            for (var i = 0; i < articles.Count; i++)
            {
                var started = Stopwatch.GetTimestamp();
                classifier.Classify(articles[i]);
                perArticle[i] = Math.Min(perArticle[i], Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        }

        var megabytes = texts.Sum(t => (double)Encoding.UTF8.GetByteCount(t)) / (1024 * 1024);
        return new ClassifyBenchResult(
            articles.Count,
            Math.Round(megabytes, 2),
            Math.Round(Percentiles.Of(perArticle, 0.5), 3),
            Math.Round(Percentiles.Of(perArticle, 0.95), 3),
            Math.Round(perArticle.Average(), 3),
            corpusName,
            topics.ModelId);
    }
}
