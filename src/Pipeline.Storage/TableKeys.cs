using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Storage;

/// <summary>
/// Makes arbitrary text safe as a PartitionKey or RowKey. Azure rejects <c>/ \ # ?</c> and control characters in keys
/// and keys over 1 KiB; Azurite accepts some of these, so we enforce the Azure rules ourselves.
/// </summary>
public static class TableKeys
{
    private const int MaxKeyChars = 400;

    /// <summary>Percent-encodes the forbidden characters (and <c>%</c> itself, so the mapping is reversible); long keys end in a hash.</summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' or '\'' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        if (builder.Length <= MaxKeyChars)
        {
            return builder.ToString();
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)))[..16];
        return builder.ToString(0, MaxKeyChars - 17) + "~" + hash;
    }

    /// <summary>A case- and space-insensitive key for names users look up ("Bahram  Qassemi" = "bahram qassemi").</summary>
    public static string ForName(string name) =>
        Escape(string.Join(' ', name.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).ToLowerInvariant());

    /// <summary>A row key that sorts newest first: 19 digits of <c>MaxTicks - ticks</c>.</summary>
    public static string NewestFirst(DateTimeOffset time) =>
        (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>An OData string literal (single quotes doubled).</summary>
    public static string Literal(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
