namespace Pipeline.Core.Segmentation;

/// <summary>
/// A rule-based sentence boundary detector for news prose, in one left-to-right pass: it jumps from one candidate
/// terminal character to the next and decides each from a few characters of context (the word before, the word
/// after), so its time is linear in the input, however long a single paragraph is.
/// </summary>
/// <remarks>
/// A line break always ends a sentence: sentences never cross paragraphs, and a paragraph without terminal
/// punctuation (a heading, a list line) is a sentence of its own. English abbreviation rules (titles, initials,
/// U.S.-style acronyms, a.m./p.m., Co./Inc./Jr., months and states) apply when the language is English or unknown;
/// other languages get the script-neutral rules plus their own terminal punctuation (。！？ । ॥ ։ ؟ ۔, Greek ;).
/// </remarks>
public static class SentenceSplitter
{
    // Bounds on how far a decision looks back or ahead, so that a pathological token (a megabyte of dots) stays linear.
    private const int MaxWordLookback = 48;
    private const int MaxIntroLength = 40;

    /// <summary>
    /// Splits <paramref name="text"/> into sentences and returns their spans, trimmed, in order and non-overlapping:
    /// <c>text[Start..End]</c> is each sentence.
    /// </summary>
    /// <param name="text">Any text; line breaks separate paragraphs.</param>
    /// <param name="language">ISO 639-1 code (<c>en</c>, <c>de</c>, <c>zh</c>...) or null when unknown (English rules apply).</param>
    public static IReadOnlyList<(int Start, int End)> Split(string text, string? language = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var output = new List<(int Start, int End)>();
        var rules = RulesFor(language);
        var position = 0;
        while (position < text.Length)
        {
            var lineBreak = text.AsSpan(position).IndexOfAny(TextChars.LineBreaks);
            var lineEnd = lineBreak < 0 ? text.Length : position + lineBreak;
            SplitBlock(text, position, lineEnd, rules, output);
            position = lineEnd + 1;
        }

        return output;
    }

    /// <summary>Which language-specific rules apply.</summary>
    /// <param name="English">English abbreviations, initials, acronyms and sentence starters.</param>
    /// <param name="Greek">";" is the Greek question mark.</param>
    /// <param name="OrdinalDots">"am 3. Oktober", "2. maaliskuuta": a short number with a dot is an ordinal, not a sentence end.</param>
    internal readonly record struct Rules(bool English, bool Greek, bool OrdinalDots = false);

    // Languages that write ordinals as a number and a dot.
    private static readonly string[] OrdinalDotLanguages =
        ["de", "da", "nb", "nn", "no", "fi", "is", "et", "lv", "lt", "cs", "sk", "pl", "hu", "sl", "hr", "sr", "bs", "tr", "fo"];

    internal static Rules RulesFor(string? language)
    {
        if (string.IsNullOrWhiteSpace(language))
        {
            return new Rules(English: true, Greek: false);
        }

        var primary = language.AsSpan().Trim();
        var dash = primary.IndexOfAny('-', '_');
        if (dash >= 0)
        {
            primary = primary[..dash];
        }

        var code = primary.ToString().ToLowerInvariant();
        return new Rules(
            English: code is "en" or "und",
            Greek: code == "el",
            OrdinalDots: OrdinalDotLanguages.Contains(code));
    }

    /// <summary>Splits one paragraph <c>[start, end)</c> (no line breaks inside) and appends trimmed spans.</summary>
    internal static void SplitBlock(string text, int start, int end, Rules rules, List<(int Start, int End)> output)
    {
        start = SkipWhiteSpace(text, start, end);
        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (start >= end)
        {
            return;
        }

        // Most paragraphs are not lists: look for a bullet or an opening marker before allocating anything.
        var isList = text.AsSpan(start + 1, end - start - 1).ContainsAny(TextChars.Bullets)
            || ListMarkers.MarkerEnd(text, start, end) != start;
        if (!isList)
        {
            SplitItem(text, start, end, rules, output);
            return;
        }

        var starts = new List<int> { start };
        ListMarkers.FindItemStarts(text, start, end, starts);
        for (var i = 0; i < starts.Count; i++)
        {
            var itemEnd = i + 1 < starts.Count ? starts[i + 1] : end;
            if (itemEnd > starts[i])
            {
                SplitItem(text, starts[i], itemEnd, rules, output);
            }
        }
    }

    private static void SplitItem(string text, int start, int end, Rules rules, List<(int Start, int End)> output)
    {
        var sentenceStart = SkipWhiteSpace(text, start, end);
        var position = ListMarkers.MarkerEnd(text, sentenceStart, end);
        while (position < end)
        {
            var offset = text.AsSpan(position, end - position).IndexOfAny(TextChars.Terminals);
            if (offset < 0)
            {
                break;
            }

            var i = position + offset;
            var (breakAt, next) = Decide(text, i, sentenceStart, end, rules);
            if (breakAt > 0)
            {
                Emit(text, sentenceStart, breakAt, output);
                sentenceStart = SkipWhiteSpace(text, breakAt, end);
                next = Math.Max(next, ListMarkers.MarkerEnd(text, sentenceStart, end));
            }

            position = next;
        }

        Emit(text, sentenceStart, end, output);
    }

    /// <summary>
    /// Decides the candidate at <paramref name="i"/>: <c>BreakAt</c> is where the sentence ends (after its closing
    /// marks), or -1; <c>Next</c> is where scanning resumes (always past <paramref name="i"/>).
    /// </summary>
    private static (int BreakAt, int Next) Decide(string text, int i, int sentenceStart, int end, Rules rules)
    {
        var c = text[i];
        if (TextChars.IsStrongTerminal(c) || c == '\u037E' || (c == ';' && (rules.Greek || (i > 0 && TextChars.IsGreek(text[i - 1])))))
        {
            var q = i + 1;
            while (q < end && (TextChars.IsStrongTerminal(text[q]) || text[q] is '!' or '?'))
            {
                q++;
            }

            q = SkipClosers(text, q, end, out _);
            return (q, q);
        }

        return c switch
        {
            ';' => (-1, i + 1),
            '.' or '…' => DecidePeriod(text, i, sentenceStart, end, rules),
            _ => DecideExclamation(text, i, end, rules),
        };
    }

    private static (int BreakAt, int Next) DecideExclamation(string text, int i, int end, Rules rules)
    {
        var q = i + 1;
        while (q < end && text[q] is '!' or '?' or '‼' or '⁇' or '⁈' or '⁉')
        {
            q++;
        }

        var runEnd = q;
        q = SkipClosers(text, q, end, out var closedQuote);
        if (q >= end)
        {
            return (q, q);
        }

        // "Yahoo!'s", "?id=5": punctuation inside a token.
        if (!char.IsWhiteSpace(text[q]))
        {
            return (-1, runEnd);
        }

        var n = SkipWhiteSpaceAndOpeners(text, q, end);
        if (n >= end)
        {
            return (q, q);
        }

        // "Yahoo! in", `"Stop!" she said`.
        if (char.IsLower(text[n]))
        {
            return (-1, runEnd);
        }

        // `"Stop!" Smith said.`: the attribution belongs to the sentence of the quotation.
        if (closedQuote && rules.English && StartsAttribution(text, n, end))
        {
            return (-1, runEnd);
        }

        return (q, q);
    }

    private static (int BreakAt, int Next) DecidePeriod(string text, int i, int sentenceStart, int end, Rules rules)
    {
        // Gather a run of dots: ".", "...", "…", ". . .", "....".
        var j = i;
        var dots = 0;
        var spaced = false;
        while (j < end)
        {
            var ch = text[j];
            if (ch == '.')
            {
                dots++;
                j++;
            }
            else if (ch == '…')
            {
                dots += 3;
                j++;
            }
            else if (ch == ' ' && dots > 0 && j + 1 < end && text[j + 1] is '.' or '…'
                && (j + 2 >= end || !char.IsLetterOrDigit(text[j + 2])))
            {
                spaced = true;
                j++;
            }
            else
            {
                break;
            }
        }

        var runEnd = j;
        var q = SkipClosers(text, runEnd, end, out _);
        if (q >= end)
        {
            return (q, q);
        }

        // Decimals, URLs, e-mail addresses, "U.S" inside "U.S.", "Jr.'s": no white space after the period.
        if (!char.IsWhiteSpace(text[q]))
        {
            return (-1, dots == 1 ? i + 1 : runEnd);
        }

        var n = SkipWhiteSpaceAndOpeners(text, q, end);
        if (n >= end)
        {
            return (q, q);
        }

        var nextChar = text[n];
        if (dots > 1)
        {
            return DecideEllipsis(text, i, runEnd, q, dots, spaced, nextChar, sentenceStart);
        }

        var wordStart = WordStart(text, i, sentenceStart);
        var word = wordStart < 0 ? ReadOnlySpan<char>.Empty : text.AsSpan(wordStart, i - wordStart);
        var kind = wordStart < 0 ? AbbreviationKind.None : rules.English ? EnglishLexicon.Classify(word) : NeutralKind(word, rules);

        if (char.IsLower(nextChar))
        {
            // "iPhone", "eBay": a lower-case brand name can still open a sentence after an ordinary word.
            return kind == AbbreviationKind.None && rules.English && IsCamelCase(text, n, end) ? (q, q) : (-1, i + 1);
        }

        // Datelines and asides: "SANTA FE, N.M. (AP) —", "BUFFALO, N.Y. — Hours", "the U.S. (and Canada)".
        var rawNext = text[SkipWhiteSpace(text, q, end)];
        if (rawNext is '(' or '—' or '–' && kind is not (AbbreviationKind.None or AbbreviationKind.Etcetera or AbbreviationKind.Unit))
        {
            return (-1, i + 1);
        }

        if (char.IsDigit(nextChar) || nextChar is '$' or '£' or '€' or '¥' or '#')
        {
            // "p. 55", "No. 1", "Sept. 11", "U.S. 10-year" continue; "in 2019. 2020 was" does not.
            return kind == AbbreviationKind.None ? (q, q) : (-1, i + 1);
        }

        var breaks = kind switch
        {
            AbbreviationKind.None or AbbreviationKind.Etcetera or AbbreviationKind.Unit => true,
            AbbreviationKind.Title or AbbreviationKind.Introducer => false,
            AbbreviationKind.Initial => rules.English && NextIsStarter(text, n, end),
            AbbreviationKind.Time => !NextIsTimeFollower(text, n, end) && !IsIntroPhrase(text, sentenceStart, wordStart),
            AbbreviationKind.Acronym or AbbreviationKind.Place =>
                (NextIsStarter(text, n, end) || ClosesPlaceAppositive(text, wordStart, sentenceStart)) && !IsIntroPhrase(text, sentenceStart, wordStart),
            _ => NextIsStarter(text, n, end) && !IsIntroPhrase(text, sentenceStart, wordStart),
        };
        return breaks ? (q, q) : (-1, i + 1);
    }

    private static (int BreakAt, int Next) DecideEllipsis(string text, int i, int runEnd, int q, int dots, bool spaced, char nextChar, int sentenceStart)
    {
        var upperNext = !char.IsLower(nextChar) && char.IsLetter(nextChar);

        // "[...]": an omission inside a quotation, never a boundary.
        if (i > sentenceStart && text[i - 1] == '[' && runEnd < text.Length && text[runEnd] == ']')
        {
            return (-1, runEnd);
        }

        var attached = i > sentenceStart && !char.IsWhiteSpace(text[i - 1]);
        if (spaced && attached && dots >= 4)
        {
            // "compounds. . . . The": the first dot ends the sentence; the spaced ellipsis opens the next one.
            return upperNext ? (i + 1, i + 1) : (-1, runEnd);
        }

        if (dots >= 4)
        {
            // "that.... She", "a period . . . . Next": an ellipsis plus the sentence's own period.
            return upperNext ? (q, q) : (-1, runEnd);
        }

        // A spaced ". . ." marks an omission inside a sentence (even before "I"); a tight "..." or "…" before a
        // capital is how news prose trails off at the end of one.
        return !spaced && upperNext ? (q, q) : (-1, runEnd);
    }

    /// <summary>
    /// Without English rules only script-neutral abbreviations are special: a single capital letter (an initial)
    /// and dotted letters ("z.B.", "U.S."), which in any Latin-script language rarely end a sentence before a capital.
    /// </summary>
    private static AbbreviationKind NeutralKind(ReadOnlySpan<char> word, Rules rules)
    {
        if (word.Length == 1 && char.IsUpper(word[0]))
        {
            return AbbreviationKind.Title;
        }

        // Up to three digits only: "im Jahr 2019. Die" still ends a sentence.
        if (rules.OrdinalDots && word.Length <= 3 && !word.ContainsAnyExceptInRange('0', '9'))
        {
            return AbbreviationKind.Title;
        }

        return word.Length <= 12 && word.Contains('.') && IsLettersAndDots(word) ? AbbreviationKind.Introducer : AbbreviationKind.None;
    }

    private static bool IsLettersAndDots(ReadOnlySpan<char> word)
    {
        foreach (var c in word)
        {
            if (c != '.' && !char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The start of the word that ends at the period <paramref name="i"/>, opening marks excluded; -1 when very long.</summary>
    private static int WordStart(string text, int i, int sentenceStart)
    {
        var p = i;
        var limit = Math.Max(sentenceStart, i - MaxWordLookback);
        while (p > limit && !char.IsWhiteSpace(text[p - 1]))
        {
            p--;
        }

        if (p == limit && p > sentenceStart && !char.IsWhiteSpace(text[p - 1]))
        {
            return -1;
        }

        while (p < i && (TextChars.IsOpener(text[p]) || text[p] is '-' or '—' or '–' or '/'))
        {
            p++;
        }

        return p;
    }

    /// <summary>The next word, read as letters with an inner apostrophe ("It's"), is a common sentence starter.</summary>
    private static bool NextIsStarter(string text, int n, int end)
    {
        Span<char> buffer = stackalloc char[16];
        var length = ReadWord(text, n, end, buffer, out var after);
        if (length == 0)
        {
            return false;
        }

        // "A.I.", "J. R. R.": a capital followed by a period is another initial, not the article "A" or "I".
        if (after < end && text[after] == '.' && length <= 2)
        {
            return false;
        }

        return EnglishLexicon.IsStarter(buffer[..length]);
    }

    private static bool NextIsTimeFollower(string text, int n, int end)
    {
        Span<char> buffer = stackalloc char[16];
        var length = ReadWord(text, n, end, buffer, out _);
        return length > 0 && EnglishLexicon.IsTimeFollower(buffer[..length]);
    }

    /// <summary>Copies the letters of the word at <paramref name="n"/> (typographic apostrophes made straight); 0 when too long.</summary>
    private static int ReadWord(string text, int n, int end, Span<char> buffer, out int after)
    {
        var length = 0;
        var p = n;
        while (p < end)
        {
            var c = text[p];
            if (char.IsLetter(c))
            {
                if (length == buffer.Length)
                {
                    after = p;
                    return 0;
                }

                buffer[length++] = c;
                p++;
            }
            else if ((c is '\'' or '’') && length > 0 && p + 1 < end && char.IsLetter(text[p + 1]))
            {
                if (length == buffer.Length)
                {
                    after = p;
                    return 0;
                }

                buffer[length++] = '\'';
                p++;
            }
            else
            {
                break;
            }
        }

        after = p;
        return length;
    }

    /// <summary>
    /// "in Brooklyn, N.Y." / "near Fresno, Calif.": a state after a comma closes a place name, and news style closes
    /// that appositive with another comma when the sentence goes on, so a capital after it starts a new sentence.
    /// </summary>
    private static bool ClosesPlaceAppositive(string text, int wordStart, int sentenceStart)
    {
        if (wordStart - sentenceStart < 4 || text[wordStart - 1] != ' ' || text[wordStart - 2] != ',')
        {
            return false;
        }

        var p = wordStart - 3;
        var limit = Math.Max(sentenceStart, p - 30);
        while (p > limit && char.IsLetter(text[p - 1]))
        {
            p--;
        }

        return char.IsLetter(text[wordStart - 3]) && char.IsUpper(text[p]);
    }

    /// <summary>"At 5 a.m." so far: a short phrase opened by a preposition is an adverbial, not a whole sentence.</summary>
    private static bool IsIntroPhrase(string text, int sentenceStart, int wordStart)
    {
        if (wordStart - sentenceStart > MaxIntroLength)
        {
            return false;
        }

        var words = 0;
        var inWord = false;
        for (var p = sentenceStart; p < wordStart; p++)
        {
            var space = char.IsWhiteSpace(text[p]);
            if (!space && !inWord)
            {
                words++;
            }

            inWord = !space;
        }

        if (words is 0 or > 3)
        {
            return false;
        }

        var firstEnd = sentenceStart;
        while (firstEnd < wordStart && char.IsLetter(text[firstEnd]))
        {
            firstEnd++;
        }

        return EnglishLexicon.IsIntroPreposition(text.AsSpan(sentenceStart, firstEnd - sentenceStart));
    }

    /// <summary>
    /// `asked Ms. Ruiz` or `Officer Dale Ames shouted`: a verb of attribution within the next four words, with only
    /// names before it. A pronoun or determiner before the verb ("Nobody answered") starts a new sentence instead.
    /// </summary>
    private static bool StartsAttribution(string text, int n, int end)
    {
        Span<char> buffer = stackalloc char[16];
        var p = n;
        for (var words = 0; words < 4 && p < end; words++)
        {
            var length = ReadWord(text, p, end, buffer, out var after);
            if (length > 0 && EnglishLexicon.IsSpeechVerb(buffer[..length]))
            {
                return true;
            }

            if (length == 0 || !char.IsUpper(buffer[0]) || EnglishLexicon.IsStarter(buffer[..length]))
            {
                return false;
            }

            p = after;
            while (p < end && !char.IsWhiteSpace(text[p]))
            {
                if (text[p] is '!' or '?' || (text[p] == '.' && length > 3))
                {
                    return false;
                }

                p++;
            }

            p = SkipWhiteSpace(text, p, end);
        }

        return false;
    }

    private static bool IsCamelCase(string text, int n, int end)
    {
        for (var p = n + 1; p < end && p < n + 12 && char.IsLetter(text[p]); p++)
        {
            if (char.IsUpper(text[p]))
            {
                return true;
            }
        }

        return false;
    }

    private static int SkipClosers(string text, int p, int end, out bool closedQuote)
    {
        closedQuote = false;
        while (p < end && TextChars.IsCloser(text[p]))
        {
            closedQuote |= text[p] is not (')' or ']' or '}' or '）' or '】');
            p++;
        }

        return p;
    }

    private static int SkipWhiteSpace(string text, int p, int end)
    {
        while (p < end && char.IsWhiteSpace(text[p]))
        {
            p++;
        }

        return p;
    }

    private static int SkipWhiteSpaceAndOpeners(string text, int p, int end)
    {
        while (p < end && (char.IsWhiteSpace(text[p]) || TextChars.IsOpener(text[p])))
        {
            p++;
        }

        return p;
    }

    private static void Emit(string text, int start, int end, List<(int Start, int End)> output)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            output.Add((start, end));
        }
    }
}
