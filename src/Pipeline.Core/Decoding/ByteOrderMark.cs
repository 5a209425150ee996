using System.Text;

namespace Pipeline.Core.Decoding;

/// <summary>A byte-order mark at the start of a file, if any.</summary>
internal readonly record struct ByteOrderMark(int Length, string? EncodingName)
{
    public bool IsWide => EncodingName is not null && EncodingName != "utf-8";

    public static ByteOrderMark Detect(ReadOnlySpan<byte> bytes)
    {
        // UTF-32 LE must be tested before UTF-16 LE: its mark starts with the same two bytes.
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE, 0x00, 0x00]))
        {
            return new(4, "utf-32");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0x00, 0x00, 0xFE, 0xFF]))
        {
            return new(4, "utf-32BE");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            return new(3, "utf-8");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]))
        {
            return new(2, "utf-16");
        }

        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
        {
            return new(2, "utf-16BE");
        }

        return new(0, null);
    }

    public Encoding? ToEncoding() => EncodingName switch
    {
        null => null,
        "utf-8" => new UTF8Encoding(false, true),
        "utf-16" => new UnicodeEncoding(false, false, true),
        "utf-16BE" => new UnicodeEncoding(true, false, true),
        "utf-32" => new UTF32Encoding(false, false, true),
        _ => new UTF32Encoding(true, false, true),
    };
}
