using System.Globalization;

namespace Pipeline.Core.Classification.Entities;

internal enum TokenKind : byte
{
    Word,
    Number,
    Punct,
}

/// <summary>One token of the article text: <c>[Start, End)</c>.</summary>
internal readonly record struct Token(int Start, int End, TokenKind Kind, bool Capitalised, bool AllCaps);

/// <summary>
/// A single left-to-right pass that splits text into words, numbers and punctuation. Hand-written instead of a
/// regex so the cost is linear and allocation-light: the whole classify stage has a 5 ms budget per article.
/// </summary>
internal sealed class TextTokens
{
    // Abbreviations whose dot belongs to the word (so "Gen." stays one token and the dot does not end a name run).
    private static readonly HashSet<string> DottedAbbreviations = new(StringComparer.Ordinal)
    {
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Brig", "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep", "Prof", "St", "Jr",
        "Sr", "Inc", "Corp", "Ltd", "Co", "Adm", "Maj", "Cmdr", "Rev", "Hon", "Pres", "Mt", "Ft", "No", "Jan", "Feb",
        "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "Gens",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> DottedLookup =
        DottedAbbreviations.GetAlternateLookup<ReadOnlySpan<char>>();

    private TextTokens(string text, Token[] tokens)
    {
        Text = text;
        Tokens = tokens;
        Values = new string[tokens.Length];
        for (var i = 0; i < tokens.Length; i++)
        {
            Values[i] = text.Substring(tokens[i].Start, tokens[i].End - tokens[i].Start);
        }
    }

    public string Text { get; }

    public Token[] Tokens { get; }

    /// <summary>The token strings, with curly apostrophes folded to <c>'</c> so lookups see one spelling.</summary>
    public string[] Values { get; }

    public int Count => Tokens.Length;

    // The classify stage runs the entity extractor and the attributor on the same text; keyed by the string
    // instance (weakly), so the second stage reuses the first one's tokens and nothing outlives the article.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<string, TextTokens> Cache = new();

    /// <summary>The tokens of <paramref name="text"/>, shared by every stage that looks at the same string.</summary>
    public static TextTokens ForText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return Cache.GetValue(text, Tokenize);
    }

    public static TextTokens Tokenize(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<Token>(text.Length / 5);
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (char.IsLetterOrDigit(c))
            {
                i = ReadWord(text, i, tokens);
                continue;
            }

            tokens.Add(new Token(i, i + 1, TokenKind.Punct, false, false));
            i++;
        }

        var result = new TextTokens(text, tokens.ToArray());
        for (var t = 0; t < result.Values.Length; t++)
        {
            if (result.Values[t].Contains('\u2019', StringComparison.Ordinal))
            {
                result.Values[t] = result.Values[t].Replace('\u2019', '\'');
            }
        }

        return result;
    }

    /// <summary>Index of the first token whose start is at or after <paramref name="offset"/>.</summary>
    public int FirstAtOrAfter(int offset)
    {
        int lo = 0, hi = Tokens.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Tokens[mid].Start < offset)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    public bool IsWord(int i) => i >= 0 && i < Tokens.Length && Tokens[i].Kind == TokenKind.Word;

    public bool IsPunct(int i, char c) =>
        i >= 0 && i < Tokens.Length && Tokens[i].Kind == TokenKind.Punct && Text[Tokens[i].Start] == c;

    public static bool IsQuoteMark(char c) => c is '"' or '\u201C' or '\u201D' or '\u201E' or '\u00AB' or '\u00BB' or '\'' or '\u2018' or '\u2019';

    public bool IsQuoteMarkToken(int i) =>
        i >= 0 && i < Tokens.Length && Tokens[i].Kind == TokenKind.Punct && IsQuoteMark(Text[Tokens[i].Start]);

    private static int ReadWord(string text, int start, List<Token> tokens)
    {
        var i = start;
        var hasLetter = false;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsLetterOrDigit(c) || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                hasLetter |= char.IsLetter(c);
                i++;
                continue;
            }

            var next = i + 1 < text.Length ? text[i + 1] : '\0';
            // Hyphens join "Jean-Yves" and "al-Assad"; a dash between spaces is punctuation.
            if ((c == '-' || c == '\u2010') && char.IsLetterOrDigit(next))
            {
                i++;
                continue;
            }

            // Apostrophes join "don't" and "O'Brien" but not the possessive "'s", which is its own token so a
            // name run ends at "Iran's".
            if (c is '\'' or '\u2019' && char.IsLetter(next))
            {
                var afterNext = i + 2 < text.Length ? text[i + 2] : '\0';
                var possessive = (next == 's' || next == 'S') && !char.IsLetter(afterNext);
                if (!possessive)
                {
                    i++;
                    continue;
                }
            }

            break;
        }

        var length = i - start;
        // "U.S.", "U.N." and initials such as "J." keep their dots.
        if (length == 1 && char.IsUpper(text[start]) && i < text.Length && text[i] == '.')
        {
            i++;
            while (i + 1 < text.Length && char.IsUpper(text[i]) && text[i + 1] == '.')
            {
                i += 2;
            }
        }
        else if (i < text.Length && text[i] == '.' && DottedLookup.Contains(text.AsSpan(start, length)))
        {
            i++;
        }

        var end = i;
        // "al-Zindani", "el-Sisi", "bin-Salman": a lower-case particle joined to a capitalised name.
        var capitalised = char.IsUpper(text[start]) || IsParticleName(text, start, end);
        var allCaps = capitalised && hasLetter && IsAllCaps(text, start, end);
        var kind = hasLetter ? TokenKind.Word : TokenKind.Number;
        tokens.Add(new Token(start, end, kind, capitalised, allCaps));

        // The possessive "'s" after a name, emitted as a word so callers can see it.
        if (end + 1 < text.Length && text[end] is '\'' or '\u2019' && text[end + 1] is 's' or 'S'
            && (end + 2 >= text.Length || !char.IsLetter(text[end + 2])))
        {
            tokens.Add(new Token(end, end + 2, TokenKind.Word, false, false));
            return end + 2;
        }

        return end;
    }

    private static bool IsParticleName(string text, int start, int end)
    {
        var hyphen = text.IndexOf('-', start, Math.Min(4, end - start));
        return hyphen > start && hyphen + 1 < end && char.IsUpper(text[hyphen + 1])
            && text.AsSpan(start, hyphen - start) is "al" or "el" or "ad" or "as" or "at" or "an" or "ar" or "bin" or "ibn" or "abu" or "ul";
    }

    private static bool IsAllCaps(string text, int start, int end)
    {
        var letters = 0;
        for (var i = start; i < end; i++)
        {
            if (char.IsLower(text[i]))
            {
                return false;
            }

            if (char.IsLetter(text[i]))
            {
                letters++;
            }
        }

        return letters >= 2;
    }
}
