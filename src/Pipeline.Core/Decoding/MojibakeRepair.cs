using System.Text;

namespace Pipeline.Core.Decoding;

/// <summary>
/// Undoes the most common mojibake: UTF-8 bytes that were decoded as Windows-1252 (or Latin-1) somewhere upstream,
/// so that "â€™" reads "’" again and "Ã©" reads "é".
/// </summary>
/// <remarks>
/// A sequence is repaired only when its characters map back to a complete, valid UTF-8 multi-byte sequence
/// (a lead byte followed by the right number of continuation bytes). Real text almost never contains such runs
/// ("Ã" followed by "©"), so the repair does not touch genuine Latin-1 text.
/// </remarks>
internal static class MojibakeRepair
{
    private static readonly Dictionary<char, byte> Cp1252Specials = BuildSpecials();

    public static string Repair(string text)
    {
        // Every mojibake sequence starts with a lead byte read as one of Â..ô; skip the work for text without them.
        if (text.AsSpan().IndexOfAnyInRange('\u00C2', '\u00F4') < 0)
        {
            return text;
        }

        // Legitimate text can hold a lead-byte look-alike followed by continuation look-alikes ("René\u00a0»" is
        // E9 A0 BB): repair only text that shows an unmistakable mojibake marker somewhere.
        if (!HasMarker(text))
        {
            return text;
        }

        StringBuilder? builder = null;
        var copiedUpTo = 0;
        Span<byte> bytes = stackalloc byte[4];
        Span<char> decoded = stackalloc char[2];
        for (var i = 0; i < text.Length; i++)
        {
            var lead = text[i];
            if (lead is < '\u00C2' or > '\u00F4')
            {
                continue;
            }

            var needed = lead < '\u00E0' ? 1 : lead < '\u00F0' ? 2 : 3;
            bytes[0] = (byte)lead;
            var ok = true;
            for (var k = 1; k <= needed; k++)
            {
                if (i + k >= text.Length || !TryByte(text[i + k], out var b) || b is < 0x80 or > 0xBF)
                {
                    ok = false;
                    break;
                }

                bytes[k] = b;
            }

            if (!ok || System.Text.Unicode.Utf8.ToUtf16(bytes[..(needed + 1)], decoded, out _, out var written) != System.Buffers.OperationStatus.Done)
            {
                continue;
            }

            builder ??= new StringBuilder(text.Length);
            builder.Append(text, copiedUpTo, i - copiedUpTo);
            builder.Append(decoded[..written]);
            i += needed;
            copiedUpTo = i + 1;
        }

        if (builder is null)
        {
            return text;
        }

        builder.Append(text, copiedUpTo, text.Length - copiedUpTo);
        return builder.ToString();
    }

    /// <summary>"â" + two continuations (smart punctuation, €), "Ã" + continuation (accented letters), or "Â" + a Latin-1 symbol.</summary>
    private static bool HasMarker(string text)
    {
        for (var i = 0; i + 1 < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('â' or 'Ã' or 'Â'))
            {
                continue;
            }

            var next = text[i + 1];
            if (c == 'â' && TryByte(next, out var second) && second is >= 0x80 and <= 0xBF
                && i + 2 < text.Length && TryByte(text[i + 2], out var third) && third is >= 0x80 and <= 0xBF)
            {
                return true;
            }

            if (c == 'Ã' && TryByte(next, out var b) && b is >= 0x80 and <= 0xBF)
            {
                return true;
            }

            if (c == 'Â' && next is >= ' ' and <= '¿')
            {
                return true;
            }
        }

        return false;
    }

    private static bool TryByte(char c, out byte b)
    {
        if (c is >= '\u0080' and <= '\u00FF')
        {
            // C1 controls appear when the wrong decoder was Latin-1 rather than Windows-1252.
            b = (byte)c;
            return true;
        }

        return Cp1252Specials.TryGetValue(c, out b);
    }

    private static Dictionary<char, byte> BuildSpecials()
    {
        var map = new Dictionary<char, byte>();
        const string specials = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
        for (var i = 0; i < specials.Length; i++)
        {
            var c = specials[i];
            if (c is < '\u0080' or > '\u009F')
            {
                map[c] = (byte)(0x80 + i);
            }
        }

        return map;
    }
}
