using Pipeline.Core.Articles;
using Pipeline.Core.Decoding;

namespace Pipeline.Core.Cleaning;

/// <summary>Builds the output text contract: one paragraph per block, blocks separated by exactly "\n\n".</summary>
internal static class ParagraphJoiner
{
    public static string Join(IEnumerable<string> paragraphs) =>
        string.Join("\n\n", paragraphs.Select(TextNormalizer.NormalizeInline).Where(p => p.Length > 0));

    public static RemovedBlock Removed(string text, string reason, CleaningOptions options)
    {
        var inline = TextNormalizer.NormalizeInline(text);
        if (inline.Length > options.MaxRemovedBlockChars)
        {
            var cut = Math.Max(1, options.MaxRemovedBlockChars - 1);
            // Never split a surrogate pair when shortening.
            if (char.IsHighSurrogate(inline[cut - 1]))
            {
                cut--;
            }

            inline = inline[..cut] + "…";
        }

        return new RemovedBlock(inline, reason);
    }
}
