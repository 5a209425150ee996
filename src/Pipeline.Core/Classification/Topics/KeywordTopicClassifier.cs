namespace Pipeline.Core.Classification.Topics;

using Lucene.Net.Tartarus.Snowball.Ext;
using Pipeline.Core.Articles;

/// <summary>Tuning of <see cref="KeywordTopicClassifier"/>.</summary>
public sealed record KeywordClassifierOptions
{
    /// <summary>Labels scoring below this are left out (default 0.15). The best label is kept if it has any evidence at all.</summary>
    public double Threshold { get; init; } = 0.15;

    /// <summary>At most this many labels are returned (default 5).</summary>
    public int MaxLabels { get; init; } = 5;

    /// <summary>Title words count this many times a body word (default 2): headlines state the topic.</summary>
    public double TitleWeight { get; init; } = 2.0;

    /// <summary>Evidence of this much raw weight makes a label about 63% "present" (default 3).</summary>
    public double Saturation { get; init; } = 3.0;

    /// <summary>At most this many evidence terms per label (default 8).</summary>
    public int MaxEvidence { get; init; } = 8;

    /// <summary>
    /// The best label needs at least this much raw weight, or the text gets no topic (default 2.5): one plain term
    /// in the body ("season", "market") is a guess, not a topic; one strong term (weight 3) or two plain ones are enough.
    /// </summary>
    public double MinEvidence { get; init; } = 2.5;

    /// <summary>
    /// Divide a hit's weight by the number of labels the term belongs to (default on): a word listed under three
    /// labels ("crisis", "agreement") says little about which one the text is about.
    /// </summary>
    public bool DiscountSharedTerms { get; init; } = true;
}

/// <summary>
/// A transparent multi-label topic classifier: weighted terms and phrases of a <see cref="Taxonomy"/>, matched
/// longest-first on stemmed words. Each score carries the terms that drove it. Deterministic and thread-safe.
/// </summary>
/// <remarks>
/// A label's raw weight is the sum of its hits (title hits count <see cref="KeywordClassifierOptions.TitleWeight"/>
/// times; the k-th repeat of a term counts 1/k, so one word repeated cannot dominate; a term listed under several
/// labels counts 1/n for each). The score blends how much evidence there is (1 - e^(-raw/saturation)) with the
/// label's share of all evidence, so it lies in [0, 1] and a text evenly split between two labels scores both lower
/// than a text clearly about one. Below <see cref="KeywordClassifierOptions.MinEvidence"/> the answer is "no
/// confident topic": an empty list rather than a guess.
/// </remarks>
public sealed class KeywordTopicClassifier : ITopicClassifier
{
    /// <summary>The algorithm's version: bump when scoring changes so stored rows say which produced them.</summary>
    public const string AlgorithmVersion = "2";

    private readonly TopicLexicon lexicon;
    private readonly KeywordClassifierOptions options;

    public KeywordTopicClassifier(Taxonomy? taxonomy = null, KeywordClassifierOptions? options = null)
    {
        Taxonomy = taxonomy ?? Taxonomy.Default;
        this.options = options ?? new KeywordClassifierOptions();
        lexicon = new TopicLexicon(Taxonomy);
        ModelId = ReferenceEquals(Taxonomy, Taxonomy.Default)
            ? $"keywords/{AlgorithmVersion}"
            : $"keywords/{AlgorithmVersion}-{Taxonomy.Version}";
    }

    /// <summary><c>keywords/2</c> for the default taxonomy; a custom taxonomy adds its version, e.g. <c>keywords/2-2+acme-2</c>.</summary>
    public string ModelId { get; }

    public Taxonomy Taxonomy { get; }

    /// <summary>The lexicon is English: other languages would only match by accident (Portuguese "eu" is not the EU).</summary>
    public bool Supports(string languageCode) => languageCode is "en" or "und";

    public IReadOnlyList<TopicScore> Classify(string title, string text)
    {
        var labelCount = lexicon.Labels.Count;
        var raw = new double[labelCount];
        var evidence = new Dictionary<string, double>?[labelCount];
        var repeats = new Dictionary<string, int>(StringComparer.Ordinal);
        var stemmer = new EnglishStemmer();

        void Score(string? part, double factor)
        {
            if (string.IsNullOrEmpty(part))
            {
                return;
            }

            var tokens = TopicTokenizer.Tokenize(part, stemmer);
            lexicon.Match(tokens, (_, entries) =>
            {
                foreach (var entry in entries)
                {
                    var key = string.Concat(entry.Term, "\u0000", entry.Label.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    repeats.TryGetValue(key, out var seen);
                    repeats[key] = seen + 1;
                    var shared = options.DiscountSharedTerms ? entries.Count : 1;
                    var gain = entry.Weight * factor / (seen + 1) / shared;
                    raw[entry.Label] += gain;
                    var terms = evidence[entry.Label] ??= new Dictionary<string, double>(StringComparer.Ordinal);
                    terms.TryGetValue(entry.Term, out var sum);
                    terms[entry.Term] = sum + gain;
                }
            });
        }

        Score(title, options.TitleWeight);
        Score(text, 1.0);

        var total = raw.Sum();
        if (total <= 0 || raw.Max() < options.MinEvidence)
        {
            return [];
        }

        var scored = new List<TopicScore>();
        for (var label = 0; label < labelCount; label++)
        {
            if (raw[label] <= 0)
            {
                continue;
            }

            var strength = 1 - Math.Exp(-raw[label] / options.Saturation);
            var share = raw[label] / total;
            var score = Math.Round(Math.Sqrt(strength * share), 4);
            var terms = evidence[label]!
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key, StringComparer.Ordinal)
                .Take(options.MaxEvidence)
                .Select(p => p.Key)
                .ToArray();
            scored.Add(new TopicScore(lexicon.Labels[label], score, terms));
        }

        // Ties break by raw weight then name, so the order never depends on dictionary iteration.
        var ordered = scored
            .Select(s => (Score: s, Raw: raw[IndexOf(s.Label)]))
            .OrderByDescending(s => s.Score.Score)
            .ThenByDescending(s => s.Raw)
            .ThenBy(s => s.Score.Label, StringComparer.Ordinal)
            .Select(s => s.Score)
            .ToList();

        var kept = ordered.Take(1)
            .Concat(ordered.Skip(1).Where(s => s.Score >= options.Threshold))
            .Take(Math.Max(1, options.MaxLabels))
            .ToList();
        return kept;
    }

    private int IndexOf(string label)
    {
        for (var i = 0; i < lexicon.Labels.Count; i++)
        {
            if (string.Equals(lexicon.Labels[i], label, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
