using System.Globalization;

namespace Pipeline.Core.Segmentation;

/// <summary>
/// Bullets and enumeration markers ("1.", "2.)", "3)", "(4)", "a.", "b)"). A marker at the start of a sentence is
/// not a sentence of its own ("1. The first item" keeps its "1."), and a paragraph that opens with marker N is read
/// as an inline list, so the next marker N+1 of the same style starts a new item even without punctuation before it.
/// </summary>
internal static class ListMarkers
{
    private enum Style
    {
        Dot,
        DotParen,
        Paren,
        BothParens,
    }

    /// <summary>
    /// The end of the bullet and/or enumeration marker at <paramref name="position"/> (white space after it
    /// included), or <paramref name="position"/> when there is none.
    /// </summary>
    public static int MarkerEnd(string text, int position, int end)
    {
        var p = position;
        if (p < end && TextChars.Bullets.Contains(text[p]))
        {
            p = SkipSpaces(text, p + 1, end);
        }

        // Capital letters label items too ("A. The first option"), and a capital at a sentence's start cannot be an
        // initial that ends it; they do not start inline enumerations, where "A. Smith met B. Jones" would misfire.
        return TryEnumeration(text, p, end, allowCapital: true, out _, out _, out _, out var markerEnd) ? markerEnd : p;
    }

    /// <summary>
    /// Adds to <paramref name="starts"/> (ascending) where list items begin inside <c>[start, end)</c>, beyond
    /// <paramref name="start"/> itself: before each bullet that follows white space, and before each next marker of an
    /// enumeration the block opens with.
    /// </summary>
    public static void FindItemStarts(string text, int start, int end, List<int> starts)
    {
        var first = starts.Count;
        var p = start + 1;
        while (p < end)
        {
            var i = text.AsSpan(p, end - p).IndexOfAny(TextChars.Bullets);
            if (i < 0)
            {
                break;
            }

            p += i;
            if (char.IsWhiteSpace(text[p - 1]))
            {
                starts.Add(p);
            }

            p++;
        }

        // Bullets already delimit the items ("• 9. First • 10. Second"); numbers after them are labels only.
        if (starts.Count == first && TryEnumeration(text, start, end, allowCapital: false, out var value, out var isLetter, out var style, out var markerEnd))
        {
            AddEnumeration(text, markerEnd, end, value, isLetter, style, starts);
        }

        if (starts.Count - first > 1)
        {
            starts.Sort(first, starts.Count - first, Comparer<int>.Default);
        }
    }

    private static void AddEnumeration(string text, int from, int end, int value, bool isLetter, Style style, List<int> starts)
    {
        // Only short lists are plausible inline; the cap also bounds the work on a pathological block.
        for (var n = 0; n < 50; n++)
        {
            value++;
            if (isLetter && value > 26)
            {
                return;
            }

            var label = isLetter
                ? ((char)('a' + value - 1)).ToString()
                : value.ToString(CultureInfo.InvariantCulture);

            var needle = style switch
            {
                Style.Dot => label + ".",
                Style.DotParen => label + ".)",
                Style.Paren => label + ")",
                _ => "(" + label + ")",
            };
            var found = -1;
            var p = from;
            while (p < end)
            {
                var i = text.AsSpan(p, end - p).IndexOf(needle, StringComparison.Ordinal);
                if (i < 0)
                {
                    break;
                }

                var at = p + i;
                var after = at + needle.Length;
                if (char.IsWhiteSpace(text[at - 1]) && after < end && char.IsWhiteSpace(text[after]))
                {
                    found = at;
                    break;
                }

                p = at + 1;
            }

            if (found < 0)
            {
                return;
            }

            starts.Add(found);
            from = found + needle.Length;
        }
    }

    /// <summary>
    /// An enumeration marker at <paramref name="p"/>: 1-3 digits or one letter, in one of four styles,
    /// followed by white space. A letter's value is its place in the alphabet (a = 1).
    /// </summary>
    private static bool TryEnumeration(string text, int p, int end, bool allowCapital, out int value, out bool isLetter, out Style style, out int markerEnd)
    {
        value = 0;
        isLetter = false;
        style = Style.Dot;
        markerEnd = p;
        var q = p;
        var parenthesised = q < end && text[q] == '(';
        if (parenthesised)
        {
            q++;
        }

        var digitsStart = q;
        while (q < end && q - digitsStart < 4 && char.IsAsciiDigit(text[q]))
        {
            q++;
        }

        var digits = q - digitsStart;
        if (digits is 0)
        {
            if (q < end && (char.IsAsciiLetterLower(text[q]) || (allowCapital && char.IsAsciiLetterUpper(text[q]))))
            {
                value = char.ToLowerInvariant(text[q]) - 'a' + 1;
                isLetter = true;
                q++;
            }
            else
            {
                return false;
            }
        }
        else if (digits > 3)
        {
            return false;
        }
        else
        {
            value = int.Parse(text.AsSpan(digitsStart, digits), CultureInfo.InvariantCulture);
        }

        if (q >= end)
        {
            return false;
        }

        if (parenthesised)
        {
            if (text[q] != ')')
            {
                return false;
            }

            style = Style.BothParens;
            q++;
        }
        else if (text[q] == ')')
        {
            style = Style.Paren;
            q++;
        }
        else if (text[q] == '.')
        {
            q++;
            style = Style.Dot;
            if (q < end && text[q] == ')')
            {
                style = Style.DotParen;
                q++;
            }
        }
        else
        {
            return false;
        }

        if (q >= end || !char.IsWhiteSpace(text[q]))
        {
            return false;
        }

        markerEnd = SkipSpaces(text, q, end);
        return true;
    }

    private static int SkipSpaces(string text, int p, int end)
    {
        while (p < end && char.IsWhiteSpace(text[p]))
        {
            p++;
        }

        return p;
    }
}
