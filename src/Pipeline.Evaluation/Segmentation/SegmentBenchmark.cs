using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Articles;
using Pipeline.Core.Segmentation;

namespace Pipeline.Evaluation.Segmentation;

/// <summary>One rule of a sentence-boundary golden file: <c>{id, text, expected: [sentences]}</c>.</summary>
public sealed record GoldenRule(string Id, string Text, IReadOnlyList<string> Expected);

/// <summary>The pass rate of the sentence splitter on a golden file.</summary>
public sealed record GoldenResult(int Passed, int Total, IReadOnlyList<string> FailedIds, IReadOnlyList<GoldenFailure> Failures);

/// <summary>A failed rule with what the splitter produced.</summary>
public sealed record GoldenFailure(string Id, IReadOnlyList<string> Expected, IReadOnlyList<string> Actual);

/// <summary>Throughput figures, in MB of UTF-8 per second on one thread.</summary>
/// <param name="CorpusBytes">Size of the corpus (UTF-8 bytes).</param>
/// <param name="Articles">How many articles the corpus was cut into.</param>
/// <param name="SplitterPerArticle">The sentence splitter, article by article.</param>
/// <param name="SplitterOneString">The sentence splitter on the whole corpus as one paragraph (catches quadratic behaviour).</param>
/// <param name="StagePerArticle">The whole segment stage (paragraphs, sentences, quotes, passages), article by article.</param>
public sealed record ThroughputResult(long CorpusBytes, int Articles, double SplitterPerArticle, double SplitterOneString, double StagePerArticle);

/// <summary>Scores the segment stage: golden sentence-boundary rules and throughput.</summary>
public static class SegmentBenchmark
{
    /// <summary>Reads a golden file; throws <see cref="InvalidDataException"/> when its shape is wrong.</summary>
    public static IReadOnlyList<GoldenRule> LoadGolden(string path)
    {
        using var stream = File.OpenRead(path);
        using var document = JsonDocument.Parse(stream);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"{path}: expected a JSON array of {{id, text, expected}}.");
        }

        var rules = new List<GoldenRule>();
        foreach (var item in document.RootElement.EnumerateArray())
        {
            if (!item.TryGetProperty("text", out var text) || text.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("expected", out var expected) || expected.ValueKind != JsonValueKind.Array)
            {
                throw new InvalidDataException($"{path}: rule {rules.Count + 1} lacks \"text\" or \"expected\".");
            }

            var id = item.TryGetProperty("id", out var idElement)
                ? idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : idElement.GetRawText()
                : (rules.Count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
            rules.Add(new GoldenRule(id, text.GetString()!, expected.EnumerateArray().Select(e => e.GetString() ?? string.Empty).ToList()));
        }

        return rules;
    }

    /// <summary>A rule passes when the produced sentences, trimmed, equal the expected ones exactly.</summary>
    public static GoldenResult ScoreGolden(IReadOnlyList<GoldenRule> rules, string? language = "en")
    {
        var failures = new List<GoldenFailure>();
        foreach (var rule in rules)
        {
            var actual = SentenceSplitter.Split(rule.Text, language).Select(s => rule.Text[s.Start..s.End].Trim()).ToList();
            var expected = rule.Expected.Select(e => e.Trim()).ToList();
            if (!actual.SequenceEqual(expected, StringComparer.Ordinal))
            {
                failures.Add(new GoldenFailure(rule.Id, expected, actual));
            }
        }

        return new GoldenResult(rules.Count - failures.Count, rules.Count, failures.Select(f => f.Id).ToList(), failures);
    }

    /// <summary>Builds about <paramref name="targetBytes"/> of articles from <see cref="NewsProse"/> in a seeded order.</summary>
    public static IReadOnlyList<string> BuildCorpus(long targetBytes, int seed = 20261122)
    {
        var random = new Random(seed);
        var paragraphs = NewsProse.Paragraphs;
        var articles = new List<string>();
        long total = 0;
        var builder = new StringBuilder();
        while (total < targetBytes)
        {
            builder.Clear();
            var count = random.Next(6, 16);
            for (var i = 0; i < count; i++)
            {
                if (i > 0)
                {
                    builder.Append("\n\n");
                }

                builder.Append(paragraphs[random.Next(paragraphs.Count)]);
            }

            var article = builder.ToString();
            articles.Add(article);
            total += Encoding.UTF8.GetByteCount(article);
        }

        return articles;
    }

    /// <summary>Times the splitter and the stage on one thread; each figure is the best of <paramref name="rounds"/>.</summary>
    public static ThroughputResult MeasureThroughput(IReadOnlyList<string> articles, int rounds = 5)
    {
        long bytes = articles.Sum(a => (long)Encoding.UTF8.GetByteCount(a));
        var oneString = string.Join(' ', articles.Select(a => a.Replace("\n\n", " ", StringComparison.Ordinal)));
        var oneStringBytes = Encoding.UTF8.GetByteCount(oneString);
        var cleaned = articles.Select(a => new CleanedArticle
        {
            Text = a,
            Metadata = new ArticleMetadata(),
            Kind = SourceKind.Text,
            Encoding = "utf-8",
        }).ToList();
        var options = SegmentationOptions.Default with { Language = "en" };

        var sink = 0L;
        Action[] workloads =
        [
            () =>
            {
                foreach (var article in articles)
                {
                    sink += SentenceSplitter.Split(article, "en").Count;
                }
            },
            () => sink += SentenceSplitter.Split(oneString, "en").Count,
            () =>
            {
                foreach (var article in cleaned)
                {
                    sink += ArticleSegmenter.Segment(article, options).Passages.Count;
                }
            },
        ];
        long[] sizes = [bytes, oneStringBytes, bytes];

        // Warm up every workload before timing any (tiered JIT keeps compiling in the background for a while), then
        // interleave the rounds so that noise from other processes spreads over all three figures alike.
        foreach (var workload in workloads)
        {
            workload();
            workload();
        }

        var best = new double[workloads.Length];
        Array.Fill(best, double.MaxValue);
        for (var round = 0; round < Math.Max(1, rounds); round++)
        {
            for (var w = 0; w < workloads.Length; w++)
            {
                var watch = Stopwatch.StartNew();
                workloads[w]();
                best[w] = Math.Min(best[w], watch.Elapsed.TotalSeconds);
            }
        }

        GC.KeepAlive(sink);
        return new ThroughputResult(bytes, articles.Count, sizes[0] / 1e6 / best[0], sizes[1] / 1e6 / best[1], sizes[2] / 1e6 / best[2]);
    }
}
