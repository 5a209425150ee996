using System.Globalization;
using System.Text;
using System.Text.Json;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Attribution;
using Pipeline.Core.Classification.Entities;
using Pipeline.Evaluation.Attribution;

namespace Pipeline.Evaluation.Entities;

/// <summary>A named entity an annotator found in one article.</summary>
/// <param name="Name">The fullest name the article uses.</param>
/// <param name="Kinds">Acceptable kinds, the first being the one recall is counted under (a hotel may be a place or an organisation).</param>
/// <param name="Aliases">Other names that denote the same entity ("U.S." for "United States").</param>
/// <param name="Role">The role or title the article gives a person, if any.</param>
/// <param name="Optional">Counted neither as missed when absent nor as wrong when found (street addresses, agency credits).</param>
public sealed record GoldEntity(string Name, IReadOnlyList<EntityKind> Kinds, IReadOnlyList<string> Aliases, string? Role, bool Optional);

/// <summary>A sentence of reported speech ("Harris said") identified by its opening words, and who it reports.</summary>
public sealed record GoldReportedSpeech(string Sentence, string Speaker);

/// <summary>The annotations of one article of the benchmark; its text is read from the benchmark folder.</summary>
public sealed record EntityGoldArticle(
    string Id,
    string Split,
    IReadOnlyList<GoldEntity> Entities,
    IReadOnlyList<AnnotatedQuote> Quotes,
    IReadOnlyList<GoldReportedSpeech> Reported);

/// <summary>Counts behind precision and recall for one entity kind (or all kinds together).</summary>
public sealed record KindScore(string Kind, int Gold, int Predicted, int CorrectPredicted, int FoundGold)
{
    public double Precision => Predicted == 0 ? 0 : (double)CorrectPredicted / Predicted;

    public double Recall => Gold == 0 ? 0 : (double)FoundGold / Gold;

    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>One disagreement with the annotation: <c>missed</c>, <c>spurious</c> or <c>wrong-kind</c> (entities), <c>speaker</c> (reported speech).</summary>
public sealed record EntityMiss(string Article, string What, string Expected, string Predicted);

/// <summary>Figures of <c>eval entities</c> over the articles of one split.</summary>
public sealed record EntityEvalResult(
    string Split,
    int Articles,
    IReadOnlyList<KindScore> Kinds,
    KindScore All,
    int RolesAnnotated,
    int RolesFound,
    SpeakerEvalResult Quotes,
    int ReportedAnnotated,
    int ReportedAttributed,
    int ReportedCorrect,
    IReadOnlyList<EntityMiss> Misses)
{
    public double ReportedPrecision => ReportedAttributed == 0 ? 0 : (double)ReportedCorrect / ReportedAttributed;

    public double ReportedRecall => ReportedAnnotated == 0 ? 0 : (double)ReportedCorrect / ReportedAnnotated;
}

/// <summary>
/// <c>pipeline eval entities</c>: scores entities (per kind), quote speakers and reported-speech speakers against
/// annotations that reference articles of a benchmark by id, so the benchmark's text never enters the repository.
/// Counting rules: docs/evaluation.md.
/// </summary>
public static class EntityEvaluation
{
    private static readonly JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    /// <summary>Reads the annotations (<paramref name="goldPath"/>) and the article bodies of an AEB-style folder's <c>ground-truth.json</c>.</summary>
    /// <exception cref="EvaluationDataException">A file is missing or malformed, or an annotation does not fit its text.</exception>
    public static IReadOnlyList<(EntityGoldArticle Gold, string Text)> Load(string dataFolder, string goldPath)
    {
        ArgumentNullException.ThrowIfNull(dataFolder);
        ArgumentNullException.ThrowIfNull(goldPath);
        var truthPath = Path.Combine(dataFolder, "ground-truth.json");
        var bodies = ReadBodies(truthPath);
        var gold = ReadGold(goldPath);
        var result = new List<(EntityGoldArticle, string)>();
        foreach (var article in gold)
        {
            if (!bodies.TryGetValue(article.Id, out var body))
            {
                throw new EvaluationDataException($"{goldPath}: article {article.Id} is not in {truthPath}.");
            }

            var text = AsParagraphs(body);
            foreach (var quote in article.Quotes)
            {
                if (!text.Contains(quote.Quote, StringComparison.Ordinal))
                {
                    throw new EvaluationDataException($"{goldPath}: quote \"{quote.Quote}\" is not in article {article.Id}.");
                }
            }

            foreach (var reported in article.Reported)
            {
                if (!text.Contains(reported.Sentence, StringComparison.Ordinal))
                {
                    throw new EvaluationDataException($"{goldPath}: sentence \"{reported.Sentence}\" is not in article {article.Id}.");
                }
            }

            result.Add((article, text));
        }

        return result;
    }

    /// <summary>Scores the articles of <paramref name="split"/> (<c>all</c> for every article).</summary>
    public static EntityEvalResult Evaluate(
        IReadOnlyList<(EntityGoldArticle Gold, string Text)> articles,
        string split,
        Func<CleanedArticle, SegmentedArticle> segment)
    {
        ArgumentNullException.ThrowIfNull(articles);
        ArgumentNullException.ThrowIfNull(segment);
        var chosen = articles.Where(a => split == "all" || string.Equals(a.Gold.Split, split, StringComparison.Ordinal)).ToList();
        var kinds = Enum.GetValues<EntityKind>();
        var gold = new int[kinds.Length];
        var predicted = new int[kinds.Length];
        var correctPredicted = new int[kinds.Length];
        var foundGold = new int[kinds.Length];
        var misses = new List<EntityMiss>();
        int rolesAnnotated = 0, rolesFound = 0, reportedAnnotated = 0, reportedAttributed = 0, reportedCorrect = 0;

        foreach (var (article, text) in chosen)
        {
            var segmented = segment(AsCleaned(text));
            var entities = EntityExtractor.Extract(segmented);
            var attribution = SpeakerAttributor.Attribute(segmented, entities);

            var matched = new Dictionary<GoldEntity, Entity>();
            foreach (var entity in entities)
            {
                var name = SpeakerEvaluation.Canonical(entity.Name);
                var match = article.Entities.FirstOrDefault(g => Names(g).Contains(name));
                if (match is { Optional: true })
                {
                    continue;
                }

                if (match is not null && matched.ContainsKey(match) && match.Kinds.Contains(entity.Kind))
                {
                    continue; // a second entity for the same name is a duplicate, not a new error
                }

                predicted[(int)entity.Kind]++;
                if (match is null)
                {
                    misses.Add(new EntityMiss(article.Id, "spurious", string.Empty, $"{entity.Name} ({Kind(entity.Kind)})"));
                }
                else if (!match.Kinds.Contains(entity.Kind))
                {
                    misses.Add(new EntityMiss(article.Id, "wrong-kind", $"{match.Name} ({Kind(match.Kinds[0])})", $"{entity.Name} ({Kind(entity.Kind)})"));
                }
                else
                {
                    correctPredicted[(int)entity.Kind]++;
                    matched[match] = entity;
                }
            }

            foreach (var g in article.Entities.Where(g => !g.Optional))
            {
                gold[(int)g.Kinds[0]]++;
                if (matched.TryGetValue(g, out var found))
                {
                    foundGold[(int)g.Kinds[0]]++;
                    if (g.Role is not null)
                    {
                        rolesAnnotated++;
                        if (found.Role is not null && SameRole(g.Role, found.Role))
                        {
                            rolesFound++;
                        }
                        else
                        {
                            misses.Add(new EntityMiss(article.Id, "role", $"{g.Name}: {g.Role}", found.Role ?? "(none)"));
                        }
                    }
                }
                else
                {
                    misses.Add(new EntityMiss(article.Id, "missed", $"{g.Name} ({Kind(g.Kinds[0])})", string.Empty));
                    if (g.Role is not null)
                    {
                        rolesAnnotated++;
                    }
                }
            }

            foreach (var reported in article.Reported)
            {
                reportedAnnotated++;
                var at = text.IndexOf(reported.Sentence, StringComparison.Ordinal);
                var sentence = segmented.Sentences.FirstOrDefault(s => s.Start <= at && at < s.End);
                var speaker = sentence is null ? null : attribution.Sentences.FirstOrDefault(l => l.Sentence == sentence.Index)?.Speaker;
                if (speaker is not null)
                {
                    reportedAttributed++;
                }

                if (speaker is not null && (SameName(speaker, reported.Speaker) || AliasOf(article, reported.Speaker).Contains(SpeakerEvaluation.Canonical(speaker))))
                {
                    reportedCorrect++;
                }
                else
                {
                    misses.Add(new EntityMiss(article.Id, "speaker", $"{reported.Speaker}: \"{reported.Sentence}\"", speaker ?? "(none)"));
                }
            }
        }

        var quotes = SpeakerEvaluation.Evaluate(chosen.Select(a => new SpeakerItem(ShortId(a.Gold.Id), a.Text, a.Gold.Quotes)), segment);
        var scores = kinds.Select(k => new KindScore(Kind(k), gold[(int)k], predicted[(int)k], correctPredicted[(int)k], foundGold[(int)k])).ToList();
        var all = new KindScore("all", gold.Sum(), predicted.Sum(), correctPredicted.Sum(), foundGold.Sum());
        return new EntityEvalResult(split, chosen.Count, scores, all, rolesAnnotated, rolesFound, quotes, reportedAnnotated, reportedAttributed, reportedCorrect, misses);
    }

    public static string RenderText(EntityEvalResult result, int maxMisses)
    {
        ArgumentNullException.ThrowIfNull(result);
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"Entities and speakers, split \"{result.Split}\": {result.Articles} articles");
        foreach (var k in result.Kinds.Append(result.All))
        {
            sb.AppendLine(CultureInfo.InvariantCulture, $"  {k.Kind,-13} P {k.Precision:F3} ({k.CorrectPredicted}/{k.Predicted})  R {k.Recall:F3} ({k.FoundGold}/{k.Gold})  F1 {k.F1:F3}");
        }

        sb.AppendLine(CultureInfo.InvariantCulture, $"  roles         {result.RolesFound}/{result.RolesAnnotated} annotated roles found");
        var q = result.Quotes;
        sb.AppendLine(CultureInfo.InvariantCulture, $"  quote speakers    P {q.Precision:F3} ({q.Correct}/{q.Attributed})  R {q.Recall:F3} ({q.Correct}/{q.Expected})  n {q.N}");
        sb.AppendLine(CultureInfo.InvariantCulture, $"  reported speakers P {result.ReportedPrecision:F3} ({result.ReportedCorrect}/{result.ReportedAttributed})  R {result.ReportedRecall:F3} ({result.ReportedCorrect}/{result.ReportedAnnotated})");
        var shown = result.Misses.Take(maxMisses).ToList();
        var quoteMisses = q.Misses.Take(Math.Max(0, maxMisses - shown.Count)).ToList();
        if (shown.Count + quoteMisses.Count > 0)
        {
            sb.AppendLine("Disagreements (expected → predicted):");
            foreach (var m in shown)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  [{ShortId(m.Article)}] {m.What}: {m.Expected} → {m.Predicted}");
            }

            foreach (var m in quoteMisses)
            {
                sb.AppendLine(CultureInfo.InvariantCulture, $"  [{m.Item}] quote: {m.Expected ?? "(nobody)"} → {m.Predicted ?? "(none)"}: \"{m.Quote}\"");
            }
        }

        return sb.ToString();
    }

    /// <summary>One JSON object: per-kind precision/recall/f1 with counts, roles, quote and reported-speech speakers.</summary>
    public static string RenderJson(EntityEvalResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        static object Score(KindScore k) => new
        {
            precision = Math.Round(k.Precision, 4),
            recall = Math.Round(k.Recall, 4),
            f1 = Math.Round(k.F1, 4),
            gold = k.Gold,
            predicted = k.Predicted,
            correct = k.CorrectPredicted,
            found = k.FoundGold,
        };
        return JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["split"] = result.Split,
            ["articles"] = result.Articles,
            ["kinds"] = result.Kinds.ToDictionary(k => k.Kind, Score),
            ["all"] = Score(result.All),
            ["roles"] = new { annotated = result.RolesAnnotated, found = result.RolesFound },
            ["quote_speakers"] = new
            {
                precision = Math.Round(result.Quotes.Precision, 4),
                recall = Math.Round(result.Quotes.Recall, 4),
                n = result.Quotes.N,
                expected = result.Quotes.Expected,
                attributed = result.Quotes.Attributed,
                correct = result.Quotes.Correct,
            },
            ["reported_speakers"] = new
            {
                precision = Math.Round(result.ReportedPrecision, 4),
                recall = Math.Round(result.ReportedRecall, 4),
                n = result.ReportedAnnotated,
                attributed = result.ReportedAttributed,
                correct = result.ReportedCorrect,
            },
        });
    }

    /// <summary>Every annotated name of the entity the speaker annotation names ("Patrick W. Carlineo" for "Patrick Carlineo Jr.").</summary>
    private static HashSet<string> AliasOf(EntityGoldArticle article, string speaker)
    {
        var canonical = SpeakerEvaluation.Canonical(speaker);
        return article.Entities.Select(Names).FirstOrDefault(n => n.Contains(canonical)) ?? [];
    }

    /// <summary>AEB ids are 64 hex digits: reports show the first 12.</summary>
    private static string ShortId(string id) => id.Length > 12 ? id[..12] : id;

    private static bool SameName(string predicted, string expected) =>
        SpeakerEvaluation.Canonical(predicted) == SpeakerEvaluation.Canonical(expected)
        || SpeakerEvaluation.Canonical(predicted) == SpeakerEvaluation.Canonical(EntityExtractor.CanonicalName(expected));

    /// <summary>Roles agree when one contains the other after canonicalisation ("spokesman" within "police department spokesman").</summary>
    private static bool SameRole(string expected, string predicted)
    {
        var a = SpeakerEvaluation.Canonical(expected);
        var b = SpeakerEvaluation.Canonical(predicted);
        return a.Contains(b, StringComparison.Ordinal) || b.Contains(a, StringComparison.Ordinal);
    }

    /// <summary>The annotated names and what the gazetteer makes of them ("FBI" is reported as "Federal Bureau of Investigation").</summary>
    private static HashSet<string> Names(GoldEntity g) =>
        g.Aliases.Append(g.Name)
            .SelectMany(n => new[] { n, EntityExtractor.CanonicalName(n) })
            .Select(SpeakerEvaluation.Canonical)
            .ToHashSet(StringComparer.Ordinal);

    private static string Kind(EntityKind kind) => kind switch
    {
        EntityKind.Person => "person",
        EntityKind.Organization => "organization",
        _ => "place",
    };

    private static EntityKind ParseKind(string? kind, string goldPath) => kind switch
    {
        "person" => EntityKind.Person,
        "organization" or "organisation" => EntityKind.Organization,
        "place" => EntityKind.Place,
        _ => throw new EvaluationDataException($"{goldPath}: unknown entity kind \"{kind}\" (person, organization or place)."),
    };

    /// <summary>AEB separates paragraphs with one line break; the pipeline's cleaned text uses a blank line.</summary>
    private static string AsParagraphs(string body) =>
        string.Join("\n\n", body.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0));

    private static CleanedArticle AsCleaned(string text) => new()
    {
        Text = text,
        Metadata = new ArticleMetadata(),
        Kind = SourceKind.Text,
        Encoding = "utf-8",
    };

    private static Dictionary<string, string> ReadBodies(string truthPath)
    {
        if (!File.Exists(truthPath))
        {
            throw new EvaluationDataException($"No such file: {truthPath} (--data names a folder with AEB's ground-truth.json).");
        }

        try
        {
            var truth = JsonSerializer.Deserialize<Dictionary<string, TruthLine>>(File.ReadAllText(truthPath), ReadOptions) ?? [];
            return truth.Where(p => p.Value.ArticleBody is not null).ToDictionary(p => p.Key, p => p.Value.ArticleBody!, StringComparer.Ordinal);
        }
        catch (JsonException ex)
        {
            throw new EvaluationDataException($"{truthPath}: not valid JSON ({ex.Message}).");
        }
    }

    private static List<EntityGoldArticle> ReadGold(string goldPath)
    {
        if (!File.Exists(goldPath))
        {
            throw new EvaluationDataException($"No such file: {goldPath}");
        }

        GoldFile? file;
        try
        {
            file = JsonSerializer.Deserialize<GoldFile>(File.ReadAllText(goldPath), ReadOptions);
        }
        catch (JsonException ex)
        {
            throw new EvaluationDataException($"{goldPath}: not valid JSON ({ex.Message}).");
        }

        if (file?.Articles is null)
        {
            throw new EvaluationDataException($"{goldPath}: expected {{\"articles\": [{{\"id\", \"split\", \"entities\", \"quotes\", \"reported\"}}]}}.");
        }

        return file.Articles.Select(a => new EntityGoldArticle(
            a.Id ?? throw new EvaluationDataException($"{goldPath}: an article has no id."),
            a.Split ?? "dev",
            (a.Entities ?? []).Select(e => new GoldEntity(
                e.Name ?? throw new EvaluationDataException($"{goldPath}: an entity of {a.Id} has no name."),
                (e.Kinds is { Count: > 0 } ? e.Kinds : new List<string?> { e.Kind }).Select(k => ParseKind(k, goldPath)).ToList(),
                e.Aliases ?? [],
                e.Role,
                e.Optional)).ToList(),
            (a.Quotes ?? []).Select(q => new AnnotatedQuote(q.Quote ?? string.Empty, string.IsNullOrWhiteSpace(q.Speaker) ? null : q.Speaker)).ToList(),
            (a.Reported ?? []).Select(r => new GoldReportedSpeech(r.Sentence ?? string.Empty, r.Speaker ?? string.Empty)).ToList())).ToList();
    }

    private sealed class TruthLine
    {
        public string? ArticleBody { get; set; }
    }

    private sealed class GoldFile
    {
        public List<GoldArticleLine>? Articles { get; set; }
    }

    private sealed class GoldArticleLine
    {
        public string? Id { get; set; }

        public string? Split { get; set; }

        public List<GoldEntityLine>? Entities { get; set; }

        public List<GoldQuoteLine>? Quotes { get; set; }

        public List<GoldReportedLine>? Reported { get; set; }
    }

    private sealed class GoldEntityLine
    {
        public string? Name { get; set; }

        public string? Kind { get; set; }

        public List<string?>? Kinds { get; set; }

        public List<string>? Aliases { get; set; }

        public string? Role { get; set; }

        public bool Optional { get; set; }
    }

    private sealed class GoldQuoteLine
    {
        public string? Quote { get; set; }

        public string? Speaker { get; set; }
    }

    private sealed class GoldReportedLine
    {
        public string? Sentence { get; set; }

        public string? Speaker { get; set; }
    }
}
