using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Core.Articles;

/// <summary>
/// Article ids are derived from content, so the same article dropped twice, under any name, is one article; and a
/// redelivered message can only ever update the row it already wrote.
/// </summary>
public static class ArticleId
{
    /// <summary>32 hex characters: the first 128 bits of the SHA-256 of the dropped bytes.</summary>
    public static string FromContent(ReadOnlySpan<byte> content) => Convert.ToHexStringLower(SHA256.HashData(content))[..32];

    /// <summary>
    /// For a file rejected before its content was read (over the size limit): derived from the blob name and its
    /// version, prefixed <c>n</c> so it can never collide with a content id.
    /// </summary>
    public static string FromBlobName(string blobName, string? version)
    {
        ArgumentNullException.ThrowIfNull(blobName);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(blobName + "\n" + version));
        return "n" + Convert.ToHexStringLower(hash)[..31];
    }
}
