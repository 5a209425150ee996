using Pipeline.Core.Articles;

namespace Pipeline.Core.Segmentation;

/// <summary>Paragraphs of a cleaned text: every non-blank line, trimmed.</summary>
/// <remarks>
/// The cleaner separates blocks with "\n\n", but text from other sources may use single line breaks (or "\r\n");
/// treating each non-blank line as a paragraph handles both without guessing where a wrapped line continues.
/// </remarks>
internal static class ParagraphSplitter
{
    public static IReadOnlyList<Paragraph> Split(string text)
    {
        var paragraphs = new List<Paragraph>();
        var position = 0;
        while (position < text.Length)
        {
            var lineBreak = text.AsSpan(position).IndexOfAny(TextChars.LineBreaks);
            var lineEnd = lineBreak < 0 ? text.Length : position + lineBreak;
            var start = position;
            var end = lineEnd;
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
                paragraphs.Add(new Paragraph(paragraphs.Count, start, end));
            }

            position = lineEnd + 1;
        }

        return paragraphs;
    }
}
