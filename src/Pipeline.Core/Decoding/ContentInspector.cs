using Pipeline.Core.Articles;

namespace Pipeline.Core.Decoding;

/// <summary>
/// A cheap look at the first few kilobytes of a dropped file, run before anything else so that images,
/// archives and empty files are turned away without decoding or parsing them.
/// </summary>
public static class ContentInspector
{
    /// <summary>How many bytes of the head are worth passing in; more are ignored.</summary>
    public const int RecommendedHeadLength = 8192;

    private static readonly Signature[] Signatures =
    [
        new([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A], "a PNG image"),
        new([0xFF, 0xD8, 0xFF], "a JPEG image"),
        new("GIF87a"u8.ToArray(), "a GIF image"),
        new("GIF89a"u8.ToArray(), "a GIF image"),
        new([0x49, 0x49, 0x2A, 0x00], "a TIFF image"),
        new([0x4D, 0x4D, 0x00, 0x2A], "a TIFF image"),
        new([0x00, 0x00, 0x01, 0x00], "an icon file"),
        new("%PDF-"u8.ToArray(), "a PDF document"),
        new([0x50, 0x4B, 0x03, 0x04], "a ZIP archive"),
        new([0x50, 0x4B, 0x05, 0x06], "a ZIP archive"),
        new([0x1F, 0x8B], "a gzip archive"),
        new("BZh"u8.ToArray(), "a bzip2 archive"),
        new([0xFD, 0x37, 0x7A, 0x58, 0x5A, 0x00], "an xz archive"),
        new([0x28, 0xB5, 0x2F, 0xFD], "a Zstandard archive"),
        new([0x37, 0x7A, 0xBC, 0xAF, 0x27, 0x1C], "a 7-Zip archive"),
        new("Rar!\u001A\u0007"u8.ToArray(), "a RAR archive"),
        new([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1], "an old Microsoft Office document"),
        new("{\\rtf"u8.ToArray(), "an RTF document"),
        new("ID3"u8.ToArray(), "an MP3 audio file"),
        new("OggS"u8.ToArray(), "an Ogg audio or video file"),
        new("fLaC"u8.ToArray(), "a FLAC audio file"),
        new([0x1A, 0x45, 0xDF, 0xA3], "a Matroska/WebM video"),
        new([0x7F, 0x45, 0x4C, 0x46], "an executable (ELF)"),
        new([0xCA, 0xFE, 0xBA, 0xBE], "a compiled Java class"),
        new([0x00, 0x61, 0x73, 0x6D], "a WebAssembly module"),
        new("SQLite format 3\0"u8.ToArray(), "an SQLite database"),
        new("wOFF"u8.ToArray(), "a web font"),
        new("wOF2"u8.ToArray(), "a web font"),
    ];

    /// <summary>
    /// Returns a rejection (<c>empty</c> or <c>binary</c>) when the head shows the file is not text, or null
    /// when it looks like text worth decoding.
    /// </summary>
    /// <param name="head">The first bytes of the file (up to <see cref="RecommendedHeadLength"/> are used).</param>
    /// <param name="totalLength">The file's full length in bytes, so that an all-blank head of a longer file is not called empty.</param>
    public static Rejection? Inspect(ReadOnlySpan<byte> head, long totalLength)
    {
        if (totalLength <= 0 || head.IsEmpty)
        {
            return totalLength <= 0
                ? new Rejection("empty", "The file is empty (0 bytes).")
                : null;
        }

        if (head.Length > RecommendedHeadLength)
        {
            head = head[..RecommendedHeadLength];
        }

        var looksLike = MatchSignature(head);
        if (looksLike is not null)
        {
            return Binary(looksLike);
        }

        var bom = ByteOrderMark.Detect(head);
        var body = head[bom.Length..];
        if (bom.IsWide)
        {
            // UTF-16/32 text is full of NUL bytes by design: judge it by its code units instead.
            return IsBlankWide(body) && totalLength <= head.Length
                ? new Rejection("empty", "The file holds only a byte-order mark and white space.")
                : null;
        }

        if (IsBlank(body))
        {
            return totalLength <= head.Length
                ? new Rejection("empty", "The file holds only white space" + (bom.Length > 0 ? " after a byte-order mark." : "."))
                : null;
        }

        var nul = 0;
        var control = 0;
        foreach (var b in body)
        {
            if (b == 0)
            {
                nul++;
            }
            else if (b < 0x20 && b is not (0x09 or 0x0A or 0x0D or 0x0C or 0x0B or 0x1B))
            {
                control++;
            }
        }

        if (nul > 0 && LooksLikeUtf16WithoutBom(body))
        {
            return null;
        }

        if (nul > 0)
        {
            return Binary("binary data (it contains NUL bytes)");
        }

        // Text has almost no C0 control bytes; a few percent means a binary format we have no signature for.
        if (control * 20 > body.Length)
        {
            return Binary("binary data (" + (control * 100 / body.Length) + "% control bytes)");
        }

        return null;
    }

    private static Rejection Binary(string what) =>
        new("binary", "The file looks like " + what + ", not an article.");

    private static string? MatchSignature(ReadOnlySpan<byte> head)
    {
        foreach (var signature in Signatures)
        {
            if (head.StartsWith(signature.Magic))
            {
                return signature.Description;
            }
        }

        if (head.Length >= 12 && head.StartsWith("RIFF"u8))
        {
            var kind = head.Slice(8, 4);
            return kind.SequenceEqual("WEBP"u8) ? "a WebP image"
                : kind.SequenceEqual("WAVE"u8) ? "a WAV audio file"
                : kind.SequenceEqual("AVI "u8) ? "an AVI video"
                : "a RIFF media file";
        }

        if (head.Length >= 12 && head.Slice(4, 4).SequenceEqual("ftyp"u8))
        {
            var brand = head.Slice(8, 4);
            return brand.SequenceEqual("heic"u8) || brand.SequenceEqual("avif"u8) || brand.SequenceEqual("mif1"u8)
                ? "an HEIC/AVIF image"
                : brand.StartsWith("M4A"u8) ? "an M4A audio file" : "an MP4/QuickTime video";
        }

        // BMP and DOS executables have two-letter magics that ordinary text can start with: require more evidence.
        if (head.Length >= 14 && head.StartsWith("BM"u8) && head.Slice(6, 4).IndexOfAnyExcept((byte)0) < 0)
        {
            return "a BMP image";
        }

        if (head.Length >= 64 && head.StartsWith("MZ"u8) && head[..64].Contains((byte)0))
        {
            return "a Windows executable";
        }

        if (head.Length >= 3 && head[0] == 0xFF && head[1] is 0xFB or 0xF3 or 0xF2)
        {
            return "an MP3 audio file";
        }

        return null;
    }

    private static bool IsBlank(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not (0x20 or 0x09 or 0x0A or 0x0D or 0x0C or 0x0B))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsBlankWide(ReadOnlySpan<byte> body)
    {
        foreach (var b in body)
        {
            if (b is not (0x00 or 0x20 or 0x09 or 0x0A or 0x0D))
            {
                return false;
            }
        }

        return true;
    }

    private static bool LooksLikeUtf16WithoutBom(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            return false;
        }

        int evenNul = 0, oddNul = 0;
        for (var i = 0; i + 1 < body.Length; i += 2)
        {
            if (body[i] == 0)
            {
                evenNul++;
            }

            if (body[i + 1] == 0)
            {
                oddNul++;
            }
        }

        var pairs = body.Length / 2;
        // Latin-script UTF-16 has a NUL in nearly every other byte and almost none in the other half.
        return (oddNul * 10 > pairs * 7 && evenNul * 10 < pairs) || (evenNul * 10 > pairs * 7 && oddNul * 10 < pairs);
    }

    private sealed record Signature(byte[] Magic, string Description);
}
