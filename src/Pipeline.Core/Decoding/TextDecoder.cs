using System.Text;
using System.Text.RegularExpressions;
using UtfUnknown;

namespace Pipeline.Core.Decoding;

/// <summary>Text decoded from bytes, with the encoding that was used.</summary>
internal sealed record DecodedText(string Text, string EncodingName);

/// <summary>
/// Turns bytes into text the way browsers and careful crawlers do: byte-order mark first, then the charset an
/// HTML page declares, then strict UTF-8, then a statistical guess among legacy code pages.
/// </summary>
internal static partial class TextDecoder
{
    private const int PrescanBytes = 4096;

    static TextDecoder() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>Decodes <paramref name="bytes"/>; null when no candidate encoding gives plausible text.</summary>
    public static DecodedText? Decode(ReadOnlySpan<byte> bytes, bool lookForHtmlCharset)
    {
        var bom = ByteOrderMark.Detect(bytes);
        if (bom.EncodingName is not null)
        {
            var body = bytes[bom.Length..];
            var withBom = TryStrict(bom.ToEncoding()!, body) ?? Lenient(bom.ToEncoding()!, body);
            return new DecodedText(withBom, bom.EncodingName);
        }

        var isValidUtf8 = System.Text.Unicode.Utf8.IsValid(bytes);
        var hasNonAscii = bytes.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) >= 0;

        // Valid multi-byte UTF-8 almost never happens by accident in a legacy encoding, while pages that declare
        // ISO-8859-1 but serve UTF-8 are common: the bytes win over the label.
        if (isValidUtf8 && hasNonAscii)
        {
            return new DecodedText(Encoding.UTF8.GetString(bytes), "utf-8");
        }

        if (lookForHtmlCharset)
        {
            var declared = DeclaredEncoding(bytes[..Math.Min(bytes.Length, PrescanBytes)]);
            if (declared is not null && declared.CodePage != Encoding.UTF8.CodePage)
            {
                var text = TryStrict(declared, bytes);
                if (text is not null)
                {
                    return new DecodedText(text, declared.WebName);
                }
            }
        }

        if (isValidUtf8)
        {
            return new DecodedText(Encoding.UTF8.GetString(bytes), hasNonAscii ? "utf-8" : "us-ascii");
        }

        return DecodeLegacy(bytes);
    }

    private static DecodedText? DecodeLegacy(ReadOnlySpan<byte> bytes)
    {
        var candidates = new List<Encoding>();
        var sample = bytes.Length > 256 * 1024 ? bytes[..(256 * 1024)] : bytes;
        var detected = CharsetDetector.DetectFromBytes(sample.ToArray()).Detected;
        if (detected?.Encoding is { } guess && detected.Confidence >= 0.3f && guess.CodePage != Encoding.UTF8.CodePage)
        {
            candidates.Add(guess);
        }

        candidates.Add(Encoding.GetEncoding(1252));
        candidates.Add(Encoding.GetEncoding(1251));
        candidates.Add(Encoding.GetEncoding("iso-8859-2"));

        foreach (var candidate in candidates)
        {
            var text = TryStrict(candidate, bytes);
            if (text is not null && IsPlausible(text))
            {
                return new DecodedText(text, candidate.WebName);
            }
        }

        // Nothing decodes cleanly: accept UTF-8 with replacement characters only when they are rare.
        var lenient = Lenient(new UTF8Encoding(false, false), bytes);
        var replaced = lenient.AsSpan().Count('\uFFFD');
        return replaced * 50 <= lenient.Length ? new DecodedText(lenient, "utf-8") : null;
    }

    private static bool IsPlausible(string text)
    {
        var control = 0;
        foreach (var c in text)
        {
            if ((c < 0x20 && c is not ('\n' or '\r' or '\t' or '\f')) || (c >= 0x7F && c < 0xA0))
            {
                control++;
            }
        }

        return control * 100 <= text.Length;
    }

    private static string? TryStrict(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        var strict = (Encoding)encoding.Clone();
        strict.DecoderFallback = DecoderFallback.ExceptionFallback;
        try
        {
            return strict.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    private static string Lenient(Encoding encoding, ReadOnlySpan<byte> bytes)
    {
        var lenient = (Encoding)encoding.Clone();
        // DecoderFallback.ReplacementFallback writes '?', which would hide how much was lost: use U+FFFD.
        lenient.DecoderFallback = new DecoderReplacementFallback("\uFFFD");
        return lenient.GetString(bytes);
    }

    /// <summary>The encoding named by <c>&lt;meta charset&gt;</c>, an http-equiv Content-Type or an XML declaration.</summary>
    internal static Encoding? DeclaredEncoding(ReadOnlySpan<byte> head)
    {
        // The prescan only needs ASCII: charset labels and the markup around them are ASCII in every encoding we accept here.
        var ascii = Encoding.Latin1.GetString(head);
        var match = MetaCharset().Match(ascii);
        if (!match.Success)
        {
            match = XmlEncoding().Match(ascii);
        }

        return match.Success ? FromLabel(match.Groups["label"].Value) : null;
    }

    /// <summary>Maps a charset label to an encoding the way browsers do (WHATWG labels: latin1 means windows-1252).</summary>
    internal static Encoding? FromLabel(string label)
    {
        var normalized = label.Trim().Trim('"', '\'').ToLowerInvariant();
        normalized = normalized switch
        {
            "iso-8859-1" or "iso8859-1" or "latin1" or "l1" or "ascii" or "us-ascii" or "iso_8859-1" or "cp1252" or "x-cp1252" => "windows-1252",
            "iso-8859-9" or "latin5" => "windows-1254",
            "iso-8859-11" or "tis-620" => "windows-874",
            "utf8" or "unicode-1-1-utf-8" => "utf-8",
            // A page that reached us as bytes and claims UTF-16 without a BOM is decoded as UTF-8, as browsers do.
            "utf-16" or "utf-16le" or "utf-16be" or "unicode" => "utf-8",
            "x-sjis" or "shift-jis" => "shift_jis",
            "gb2312" or "gbk" or "x-gbk" => "gb18030",
            _ => normalized,
        };

        try
        {
            return Encoding.GetEncoding(normalized);
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    [GeneratedRegex("""<meta\b[^>]*?charset\s*=\s*["']?\s*(?<label>[A-Za-z0-9_.:-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaCharset();

    [GeneratedRegex("""^\s*<\?xml[^>]*encoding\s*=\s*["'](?<label>[A-Za-z0-9_.:-]+)""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex XmlEncoding();
}
