using Pipeline.Core.Articles;

namespace Pipeline.Core.Tests.Classification.Attribution;

/// <summary>
/// Builds a <see cref="SegmentedArticle"/> by hand, the way the segmenter would: each paragraph is given as its
/// sentences; quotes are the spans between “ and ” (an unclosed one runs to the end of its paragraph).
/// </summary>
internal static class ArticleBuilder
{
    public static SegmentedArticle Build(params string[][] paragraphs)
    {
        var text = string.Join("\n\n", paragraphs.Select(p => string.Join(" ", p)));
        var paragraphRecords = new List<Paragraph>();
        var sentences = new List<Sentence>();
        var quotes = new List<Quote>();
        var offset = 0;
        for (var p = 0; p < paragraphs.Length; p++)
        {
            var start = offset;
            foreach (var sentence in paragraphs[p])
            {
                sentences.Add(new Sentence(sentences.Count, offset, offset + sentence.Length, p, sentence));
                offset += sentence.Length + 1;
            }

            var end = offset - 1;
            paragraphRecords.Add(new Paragraph(p, start, end));
            var open = -1;
            for (var i = start; i < end; i++)
            {
                if (text[i] == '\u201C' || (text[i] == '"' && open < 0))
                {
                    open = i + 1;
                }
                else if ((text[i] == '\u201D' || text[i] == '"') && open >= 0)
                {
                    AddQuote(text, sentences, quotes, open, i);
                    open = -1;
                }
            }

            if (open >= 0)
            {
                AddQuote(text, sentences, quotes, open, end);
            }

            offset = end + 2;
        }

        var cleaned = new CleanedArticle
        {
            Text = text,
            Metadata = new ArticleMetadata(),
            Kind = SourceKind.Text,
            Encoding = "utf-8",
        };
        return new SegmentedArticle { Cleaned = cleaned, Paragraphs = paragraphRecords, Sentences = sentences, Quotes = quotes };
    }

    private static void AddQuote(string text, List<Sentence> sentences, List<Quote> quotes, int start, int end)
    {
        if (end <= start)
        {
            return;
        }

        var first = sentences.First(s => s.End > start).Index;
        var last = sentences.Last(s => s.Start < end).Index;
        quotes.Add(new Quote(quotes.Count, start, end, text[start..end], first, last));
    }
}
