namespace Pipeline.Core.Classification.Topics;

using System.Collections.Concurrent;
using System.Globalization;
using Lucene.Net.Tartarus.Snowball.Ext;

/// <summary>A word of the text: its surface form and the key the lexicon is indexed by (lower case, stemmed).</summary>
internal readonly record struct TopicToken(string Surface, string Key);

/// <summary>
/// Splits text into words once, for the lexicon to walk. Hyphens and apostrophes split words (so a phrase written
/// "al-qaeda" in the lexicon is the same two keys as in the text); a possessive "'s" is dropped; dotted
/// abbreviations such as "U.S." become one word "US".
/// </summary>
internal static class TopicTokenizer
{
    // Stems depend only on the word, so a shared cache is safe and keeps results pure; the cap bounds memory on
    // hostile input (the cache simply stops growing).
    private const int StemCacheLimit = 200_000;
    private static readonly ConcurrentDictionary<string, string> StemCache = new(StringComparer.Ordinal);

    public static List<TopicToken> Tokenize(string text, EnglishStemmer? stemmer = null)
    {
        var tokens = new List<TopicToken>(Math.Max(8, text.Length / 6));
        stemmer ??= new EnglishStemmer();
        var n = text.Length;
        var i = 0;
        Span<char> buffer = stackalloc char[64];
        while (i < n)
        {
            if (!IsWordChar(text[i]))
            {
                i++;
                continue;
            }

            string surface;
            if (IsDottedAbbreviation(text, i, out var end))
            {
                var letters = new System.Text.StringBuilder(4);
                for (var k = i; k < end; k++)
                {
                    if (char.IsLetter(text[k]))
                    {
                        letters.Append(text[k]);
                    }
                }

                surface = letters.ToString();
                i = end;
            }
            else
            {
                var start = i;
                while (i < n && IsWordChar(text[i]))
                {
                    i++;
                }

                surface = text[start..i];

                // "Israel's" -> "Israel": the possessive carries no topic and would otherwise stem oddly.
                if (i + 1 < n && IsApostrophe(text[i]) && (text[i + 1] == 's' || text[i + 1] == 'S') && (i + 2 >= n || !IsWordChar(text[i + 2])))
                {
                    i += 2;
                }
            }

            tokens.Add(new TopicToken(surface, KeyOf(surface, stemmer, buffer)));
        }

        return tokens;
    }

    /// <summary>The lexicon key of a single word: lower-cased, then stemmed (Porter2) when long enough to carry a suffix.</summary>
    public static string KeyOf(string word, EnglishStemmer stemmer, Span<char> buffer = default)
    {
        string lower;
        if (word.Length <= buffer.Length && buffer.Length > 0)
        {
            var span = buffer[..word.Length];
            word.AsSpan().ToLowerInvariant(span);
            if (span.SequenceEqual(word.AsSpan()))
            {
                lower = word;
            }
            else
            {
                lower = new string(span);
            }
        }
        else
        {
            lower = word.ToLowerInvariant();
        }

        if (lower.Length <= 3)
        {
            return lower;
        }

        if (StemCache.TryGetValue(lower, out var cached))
        {
            return cached;
        }

        stemmer.SetCurrent(lower);
        stemmer.Stem();
        var stem = stemmer.Current;

        // Porter2 can cut a word down to a stub ("IEDs" -> "i") that then collides with common words: keep the word.
        if (stem.Length < 3)
        {
            stem = lower;
        }

        if (StemCache.Count < StemCacheLimit)
        {
            StemCache.TryAdd(lower, stem);
        }

        return stem;
    }

    private static bool IsWordChar(char c)
    {
        if (char.IsLetterOrDigit(c))
        {
            return true;
        }

        // Combining marks belong to the word (Devanagari vowel signs, decomposed accents).
        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019';

    private static bool IsDottedAbbreviation(string text, int start, out int end)
    {
        // Single letters each followed by a dot: "U.S.", "U.N.", "U.K." (at least two letters).
        end = start;
        var k = start;
        var letters = 0;
        while (k + 1 < text.Length && char.IsLetter(text[k]) && text[k + 1] == '.' && (k == start || !char.IsLetterOrDigit(text[k - 1])))
        {
            letters++;
            k += 2;
            if (k < text.Length && char.IsLetter(text[k]) && (k + 1 >= text.Length || !char.IsLetterOrDigit(text[k + 1])) && !(k + 1 < text.Length && text[k + 1] == '.'))
            {
                // "U.S" without the final dot.
                letters++;
                k++;
                break;
            }
        }

        if (letters < 2)
        {
            return false;
        }

        end = k;
        return true;
    }
}
