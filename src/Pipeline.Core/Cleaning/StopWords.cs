using System.Collections.Frozen;
using System.Reflection;

namespace Pipeline.Core.Cleaning;

/// <summary>
/// Stop-word lists for many languages, read from the lists Lucene.Net ships as embedded resources. The share of
/// stop words in a line is the strongest single sign that it is running prose rather than a menu or a headline list.
/// </summary>
internal sealed class StopWords
{
    private static readonly (string Language, string Resource, bool Snowball)[] Lists =
    [
        ("en", "Snowball.english_stop.txt", true), ("de", "Snowball.german_stop.txt", true), ("fr", "Snowball.french_stop.txt", true),
        ("es", "Snowball.spanish_stop.txt", true), ("it", "Snowball.italian_stop.txt", true), ("pt", "Snowball.portuguese_stop.txt", true),
        ("nl", "Snowball.dutch_stop.txt", true), ("sv", "Snowball.swedish_stop.txt", true), ("da", "Snowball.danish_stop.txt", true),
        ("no", "Snowball.norwegian_stop.txt", true), ("fi", "Snowball.finnish_stop.txt", true), ("hu", "Snowball.hungarian_stop.txt", true),
        ("ru", "Snowball.russian_stop.txt", true), ("ca", "Ca.stopwords.txt", false), ("fa", "Fa.stopwords.txt", false),
        ("ga", "Ga.stopwords.txt", false), ("id", "Id.stopwords.txt", false), ("bg", "Bg.stopwords.txt", false),
        ("hi", "Hi.stopwords.txt", false), ("el", "El.stopwords.txt", false), ("gl", "Gl.stopwords.txt", false),
        ("ro", "Ro.stopwords.txt", false), ("ar", "Ar.stopwords.txt", false), ("tr", "Tr.stopwords.txt", false),
        ("eu", "Eu.stopwords.txt", false), ("lv", "Lv.stopwords.txt", false), ("cs", "Cz.stopwords.txt", false),
    ];

    private static readonly Lazy<IReadOnlyList<StopWords>> All = new(Load);

    private StopWords(string language, FrozenSet<string> words)
    {
        Language = language;
        Words = words;
    }

    public string Language { get; }

    public FrozenSet<string> Words { get; }

    public bool Contains(string lowerWord) => Words.Contains(lowerWord);

    /// <summary>The list whose words cover the most tokens of the sample; English when nothing matches.</summary>
    public static StopWords Detect(IEnumerable<string> lowerTokens)
    {
        var lists = All.Value;
        var hits = new int[lists.Count];
        foreach (var token in lowerTokens)
        {
            for (var i = 0; i < lists.Count; i++)
            {
                if (lists[i].Words.Contains(token))
                {
                    hits[i]++;
                }
            }
        }

        var best = 0;
        for (var i = 1; i < hits.Length; i++)
        {
            if (hits[i] > hits[best])
            {
                best = i;
            }
        }

        return lists[best];
    }

    public static StopWords ForLanguage(string language) =>
        All.Value.FirstOrDefault(l => string.Equals(l.Language, language, StringComparison.OrdinalIgnoreCase)) ?? All.Value[0];

    private static IReadOnlyList<StopWords> Load()
    {
        var assembly = typeof(Lucene.Net.Analysis.En.EnglishAnalyzer).Assembly;
        var result = new List<StopWords>();
        foreach (var (language, resource, snowball) in Lists)
        {
            var words = Read(assembly, "Lucene.Net.Analysis.Common.Analysis." + resource, snowball);
            if (words.Count > 0)
            {
                result.Add(new StopWords(language, words.ToFrozenSet(StringComparer.Ordinal)));
            }
        }

        if (result.Count == 0)
        {
            throw new InvalidOperationException("No stop-word list could be read from Lucene.Net.Analysis.Common: its resource names changed.");
        }

        return result;
    }

    private static HashSet<string> Read(Assembly assembly, string name, bool snowball)
    {
        var words = new HashSet<string>(StringComparer.Ordinal);
        using var stream = assembly.GetManifestResourceStream(name);
        if (stream is null)
        {
            return words;
        }

        using var reader = new StreamReader(stream);
        while (reader.ReadLine() is { } line)
        {
            // Snowball lists put comments after '|'; the others use '#' lines.
            var content = snowball ? line.Split('|')[0] : line.StartsWith('#') ? string.Empty : line;
            foreach (var word in content.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                words.Add(word.Trim().ToLowerInvariant());
            }
        }

        return words;
    }
}
