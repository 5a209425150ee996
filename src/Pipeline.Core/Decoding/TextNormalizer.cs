using System.Text;

namespace Pipeline.Core.Decoding;

/// <summary>
/// Typographic clean-up that keeps the text faithful: canonical composition (NFC), exotic spaces to plain spaces,
/// invisible characters removed, runs of spaces collapsed. Quotes, dashes and apostrophes are never changed.
/// </summary>
internal static class TextNormalizer
{
    /// <summary>Normalises one line or paragraph: no line breaks survive, spaces are single, ends trimmed.</summary>
    public static string NormalizeInline(string text)
    {
        var composed = Compose(text);
        var builder = new StringBuilder(composed.Length);
        var pendingSpace = false;
        foreach (var c in composed)
        {
            if (IsSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (IsInvisible(c))
            {
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString();
    }

    /// <summary>Normalises a whole text while keeping its line structure (lines trimmed, line endings <c>\n</c>).</summary>
    public static string NormalizeLines(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            builder.Append(NormalizeInline(line.ToString())).Append('\n');
        }

        return builder.ToString();
    }

    public static bool IsSpace(char c) =>
        c is ' ' or '\t' or '\n' or '\r' or '\f' or '\v' or '\u00A0' or '\u1680' or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000' or '\u0085'
        || c is >= '\u2000' and <= '\u200A';

    /// <summary>
    /// Zero-width and formatting characters that carry nothing in running text. ZWJ and ZWNJ are kept: they change
    /// how Persian, Indic scripts and emoji render.
    /// </summary>
    public static bool IsInvisible(char c) =>
        c is '\u200B' or '\uFEFF' or '\u2060' or '\u00AD' or '\u180E' or '\u200E' or '\u200F' or '\uFFFE' or '\uFFFF'
        || (c < 0x20 && c is not ('\n' or '\t'))
        || c is >= '\u007F' and <= '\u009F'
        || c is >= '\u202A' and <= '\u202E'
        || c is >= '\u2066' and <= '\u2069';

    private static string Compose(string text)
    {
        // IsNormalized is a fast scan; most text is already NFC.
        try
        {
            return text.IsNormalized(NormalizationForm.FormC) ? text : text.Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Lone surrogates make normalisation throw; drop them rather than the whole text.
            var builder = new StringBuilder(text.Length);
            for (var i = 0; i < text.Length; i++)
            {
                if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                {
                    builder.Append(text[i]).Append(text[i + 1]);
                    i++;
                }
                else if (!char.IsSurrogate(text[i]))
                {
                    builder.Append(text[i]);
                }
            }

            return builder.ToString().Normalize(NormalizationForm.FormC);
        }
    }
}
