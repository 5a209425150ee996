namespace Pipeline.Core.Classification.Language;

using System.Globalization;
using System.Reflection;
using Pipeline.Core.Articles;

/// <summary>
/// Identifies the language of a text (ISO 639-1, or <c>und</c>). Pure and thread-safe.
/// </summary>
/// <remarks>
/// Writing systems used by one language decide alone (Hangul, Kana, Greek, Armenian, Georgian, Hebrew, Thai, ...);
/// Han without Kana is Chinese; Arabic script is split into Arabic, Persian and Urdu by the letters only those
/// languages use. Latin and Cyrillic texts are scored by how many of their words are each language's most frequent
/// function words, plus letters peculiar to a language (ß, ł, ř, ı, і, ы, ...). Below <see cref="MinimumLetters"/>
/// letters the answer is <c>und</c> with confidence 0.
/// </remarks>
public static class LanguageDetector
{
    /// <summary>Texts with fewer letters than this are undetermined.</summary>
    public const int MinimumLetters = 12;

    /// <summary>Only this many characters are read: language does not change halfway through an article.</summary>
    public const int MaximumCharacters = 20_000;

    public static readonly LanguageGuess Undetermined = new("und", 0);

    private const string Resource = "Pipeline.Core.Resources.Language.function-words.txt";

    private static readonly Lazy<Profiles> Lists = new(LoadProfiles);

    // Letters that (nearly) only one language of its script uses, with how much each occurrence counts.
    private static readonly (string Language, string Letters, double Weight)[] LetterHints =
    [
        ("de", "ßäöü", 0.5),
        ("fr", "èêëàùûôœç", 0.35),
        ("es", "ñ¿¡", 1.0),
        ("pt", "ãõç", 0.8),
        ("ca", "ŀ", 1.0),
        ("pl", "łąęśćźżń", 1.0),
        ("cs", "řěůť", 1.0),
        ("sk", "ľĺŕô", 1.0),
        ("tr", "ığşİ", 1.0),
        ("ro", "țșăşţ", 0.8),
        ("hu", "őű", 1.0),
        ("sv", "åäö", 0.3),
        ("fi", "äö", 0.3),
        ("da", "æøå", 0.4),
        ("no", "æøå", 0.4),
        ("hr", "čćđšž", 0.5),
        ("vi", "ơưđạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ", 1.0),
        ("uk", "іїєґ", 1.0),
        ("ru", "ыэёъ", 0.6),
        ("bg", "ъ", 0.4),
        ("sr", "ђјљњћџ", 1.0),
    ];

    /// <summary>Guesses the language of <paramref name="text"/>.</summary>
    public static LanguageGuess Detect(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return Undetermined;
        }

        var span = text.AsSpan(0, Math.Min(text.Length, MaximumCharacters));
        var scripts = new int[(int)Script.Count];
        var letters = 0;
        foreach (var c in span)
        {
            if (!char.IsLetter(c))
            {
                continue;
            }

            letters++;
            scripts[(int)ScriptOf(c)]++;
        }

        if (letters < MinimumLetters)
        {
            return Undetermined;
        }

        var dominant = Script.Other;
        for (var s = 0; s < scripts.Length; s++)
        {
            if (scripts[s] > scripts[(int)dominant])
            {
                dominant = (Script)s;
            }
        }

        // Japanese mixes Kana with Han; a little Kana among Han is the signal.
        var cjk = scripts[(int)Script.Han] + scripts[(int)Script.Kana];
        if (cjk > letters / 2 && scripts[(int)Script.Kana] > 0.05 * cjk)
        {
            return Guess("ja", cjk, letters);
        }

        return dominant switch
        {
            Script.Han => Guess("zh", scripts[(int)Script.Han], letters),
            Script.Kana => Guess("ja", cjk, letters),
            Script.Hangul => Guess("ko", scripts[(int)Script.Hangul], letters),
            Script.Greek => Guess("el", scripts[(int)Script.Greek], letters),
            Script.Armenian => Guess("hy", scripts[(int)Script.Armenian], letters),
            Script.Georgian => Guess("ka", scripts[(int)Script.Georgian], letters),
            Script.Hebrew => Guess("he", scripts[(int)Script.Hebrew], letters),
            Script.Thai => Guess("th", scripts[(int)Script.Thai], letters),
            Script.Devanagari => Guess("hi", scripts[(int)Script.Devanagari], letters),
            Script.Bengali => Guess("bn", scripts[(int)Script.Bengali], letters),
            Script.Tamil => Guess("ta", scripts[(int)Script.Tamil], letters),
            Script.Arabic => ArabicScript(span, scripts[(int)Script.Arabic], letters),
            Script.Latin => ByFunctionWords(span, Lists.Value.Latin, scripts[(int)Script.Latin], letters),
            Script.Cyrillic => ByFunctionWords(span, Lists.Value.Cyrillic, scripts[(int)Script.Cyrillic], letters),
            _ => Undetermined,
        };
    }

    private static LanguageGuess Guess(string code, int scriptLetters, int letters)
    {
        // Share of the text in that script, discounted for very short texts.
        var share = (double)scriptLetters / letters;
        var length = Math.Min(1.0, letters / 40.0);
        return new LanguageGuess(code, Math.Round(Math.Clamp(share * (0.6 + (0.4 * length)), 0, 0.99), 3));
    }

    private static LanguageGuess ArabicScript(ReadOnlySpan<char> text, int scriptLetters, int letters)
    {
        int persian = 0, urdu = 0, arabic = 0;
        foreach (var c in text)
        {
            switch (c)
            {
                // Urdu-only letters: retroflexes, noon ghunna, yeh barree.
                case '\u0679' or '\u0688' or '\u0691' or '\u06BA' or '\u06D2':
                    urdu++;
                    break;

                // Pe, che, zhe, gaf, Persian kaf and yeh (Urdu shares these, so they only separate Persian from Arabic).
                case '\u067E' or '\u0686' or '\u0698' or '\u06AF' or '\u06A9' or '\u06CC':
                    persian++;
                    break;

                // Teh marbuta, Arabic yeh, kaf and alef maksura: Persian and Urdu write other letters.
                case '\u0629' or '\u064A' or '\u0643' or '\u0649':
                    arabic++;
                    break;
            }
        }

        var guess = Guess("ar", scriptLetters, letters);
        if (urdu > 0 && urdu * 4 >= persian / 4 && urdu + persian > arabic)
        {
            return guess with { Code = "ur" };
        }

        return persian > arabic ? guess with { Code = "fa" } : guess;
    }

    private static LanguageGuess ByFunctionWords(ReadOnlySpan<char> text, LanguageProfile[] profiles, int scriptLetters, int letters)
    {
        var scores = new double[profiles.Length];
        var words = 0;
        var i = 0;
        Span<char> buffer = stackalloc char[32];
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }

            var start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || CharUnicodeInfo.GetUnicodeCategory(text[i]) == UnicodeCategory.NonSpacingMark))
            {
                i++;
            }

            words++;
            var word = text[start..i];
            if (word.Length > buffer.Length)
            {
                continue;
            }

            var lower = buffer[..word.Length];
            word.ToLowerInvariant(lower);
            var key = new string(lower);
            for (var p = 0; p < profiles.Length; p++)
            {
                if (profiles[p].Words.TryGetValue(key, out var weight))
                {
                    scores[p] += weight;
                }
            }
        }

        foreach (var c in text)
        {
            if (c < '\u00C0')
            {
                continue;
            }

            var lower = char.ToLowerInvariant(c);
            for (var p = 0; p < profiles.Length; p++)
            {
                if (profiles[p].Letters.TryGetValue(lower, out var weight))
                {
                    scores[p] += weight;
                }
            }
        }

        var best = -1;
        var second = 0.0;
        for (var p = 0; p < profiles.Length; p++)
        {
            if (best < 0 || scores[p] > scores[best])
            {
                if (best >= 0)
                {
                    second = Math.Max(second, scores[best]);
                }

                best = p;
            }
            else
            {
                second = Math.Max(second, scores[p]);
            }
        }

        if (best < 0 || scores[best] <= 0 || words == 0)
        {
            return Undetermined;
        }

        // Confident when function words are common (real prose: a third of the words or more) and one language leads clearly.
        var coverage = Math.Min(1.0, scores[best] / (0.3 * words));
        var margin = (scores[best] - second) / scores[best];
        var share = (double)scriptLetters / letters;
        var length = Math.Min(1.0, words / 8.0);
        var confidence = share * length * ((0.5 * coverage) + (0.5 * Math.Sqrt(margin)));
        return new LanguageGuess(profiles[best].Code, Math.Round(Math.Clamp(confidence, 0.01, 0.99), 3));
    }

    private static Script ScriptOf(char c) => c switch
    {
        <= '\u024F' => Script.Latin,
        >= '\u0370' and <= '\u03FF' => Script.Greek,
        >= '\u0400' and <= '\u052F' => Script.Cyrillic,
        >= '\u0530' and <= '\u058F' => Script.Armenian,
        >= '\u0590' and <= '\u05FF' => Script.Hebrew,
        >= '\u0600' and <= '\u06FF' => Script.Arabic,
        >= '\u0750' and <= '\u077F' => Script.Arabic,
        >= '\u0900' and <= '\u097F' => Script.Devanagari,
        >= '\u0980' and <= '\u09FF' => Script.Bengali,
        >= '\u0B80' and <= '\u0BFF' => Script.Tamil,
        >= '\u0E00' and <= '\u0E7F' => Script.Thai,
        >= '\u10A0' and <= '\u10FF' => Script.Georgian,
        >= '\u1100' and <= '\u11FF' => Script.Hangul,
        >= '\u1E00' and <= '\u1EFF' => Script.Latin,
        >= '\u3040' and <= '\u30FF' => Script.Kana,
        >= '\u31F0' and <= '\u31FF' => Script.Kana,
        >= '\u3400' and <= '\u4DBF' => Script.Han,
        >= '\u4E00' and <= '\u9FFF' => Script.Han,
        >= '\uAC00' and <= '\uD7AF' => Script.Hangul,
        >= '\uF900' and <= '\uFAFF' => Script.Han,
        >= '\uFB1D' and <= '\uFB4F' => Script.Hebrew,
        >= '\uFB50' and <= '\uFDFF' => Script.Arabic,
        >= '\uFE70' and <= '\uFEFF' => Script.Arabic,
        >= '\uFF66' and <= '\uFF9F' => Script.Kana,
        _ => Script.Other,
    };

    private static Profiles LoadProfiles()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"Embedded resource {Resource} is missing from the build.");
        using var reader = new StreamReader(stream);
        var lists = new List<(string Code, string[] Words)>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            lists.Add((line[..colon].Trim(), line[(colon + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)));
        }

        // A word in k lists counts 1/k: "a", "de", "in" say little; "the", "und", "het" say a lot.
        var languagesOf = lists.SelectMany(l => l.Words.Distinct()).GroupBy(w => w).ToDictionary(g => g.Key, g => g.Count());
        var profiles = lists.Select(l => new LanguageProfile(
                l.Code,
                l.Words.Distinct().ToDictionary(w => w, w => 1.0 / languagesOf[w], StringComparer.Ordinal),
                LetterHints.Where(h => h.Language == l.Code).SelectMany(h => h.Letters.Select(c => (c, h.Weight))).GroupBy(x => x.c).ToDictionary(g => g.Key, g => g.Max(x => x.Weight))))
            .ToList();
        bool IsCyrillic(LanguageProfile p) => p.Words.Keys.Any(w => ScriptOf(w[0]) == Script.Cyrillic);
        return new Profiles(profiles.Where(p => !IsCyrillic(p)).ToArray(), profiles.Where(IsCyrillic).ToArray());
    }

    private enum Script
    {
        Other,
        Latin,
        Greek,
        Cyrillic,
        Armenian,
        Georgian,
        Hebrew,
        Arabic,
        Devanagari,
        Bengali,
        Tamil,
        Thai,
        Hangul,
        Kana,
        Han,
        Count,
    }

    private sealed record LanguageProfile(string Code, Dictionary<string, double> Words, Dictionary<char, double> Letters);

    private sealed record Profiles(LanguageProfile[] Latin, LanguageProfile[] Cyrillic);
}
