namespace Pipeline.Core.Articles;

/// <summary>
/// A stretch of an article's cleaned text over which every mark is the same: the paragraph, sentence, quote and entity
/// mention it belongs to (-1 for none; indexes into the record's lists). <see cref="SpeakerAfter"/> is set on the run
/// that ends where a quote's speaker is best shown (after the closing quotation mark).
/// </summary>
public sealed record TextRun(int Start, int End, int Paragraph, int Sentence, int Quote, int Entity, string? SpeakerAfter);

/// <summary>
/// Cuts an article's text into <see cref="TextRun"/>s from the record's offsets, so every view (the terminal's
/// <c>show</c>, the web page) marks sentences, quotes, speakers and entities the same way. Pure; offsets out of range
/// are clipped, overlapping spans of one kind keep the later one.
/// </summary>
public static class ArticleLayout
{
    private const string ClosingQuoteMarks = "\"\u201D\u2019\u00BB'";

    /// <summary>Runs covering the whole text in order (empty when the record has no text).</summary>
    public static IReadOnlyList<TextRun> Runs(ArticleRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var text = record.Text ?? string.Empty;
        var length = text.Length;
        if (length == 0)
        {
            return [];
        }

        var paragraphOf = Marks(length, record.Paragraphs.Select(p => (p.Start, p.End, p.Index)));
        var sentenceOf = Marks(length, record.Sentences.Select(s => (s.Start, s.End, s.Index)));
        var quoteOf = Marks(length, record.Quotes.Select((q, i) => (q.Start, q.End, i)));
        var entityOf = Marks(length, record.Entities.SelectMany((e, i) => e.Mentions.Select(m => (m.Start, m.End, i))));

        // Quote spans exclude their marks; the speaker reads better after the closing mark.
        var speakerAt = new Dictionary<int, string>();
        foreach (var quote in record.Quotes.Where(q => q.Speaker is not null && q.End >= 0 && q.End <= length))
        {
            var at = quote.End < length && ClosingQuoteMarks.Contains(text[quote.End], StringComparison.Ordinal) ? quote.End + 1 : quote.End;
            speakerAt.TryAdd(at, quote.Speaker!);
        }

        var runs = new List<TextRun>();
        var start = 0;
        for (var i = 1; i <= length; i++)
        {
            var boundary = i == length || speakerAt.ContainsKey(i)
                || paragraphOf[i] != paragraphOf[start] || sentenceOf[i] != sentenceOf[start] || quoteOf[i] != quoteOf[start] || entityOf[i] != entityOf[start];
            if (boundary)
            {
                runs.Add(new TextRun(start, i, paragraphOf[start], sentenceOf[start], quoteOf[start], entityOf[start], speakerAt.GetValueOrDefault(i)));
                start = i;
            }
        }

        return runs;
    }

    private static int[] Marks(int length, IEnumerable<(int Start, int End, int Index)> spans)
    {
        var marks = new int[length];
        Array.Fill(marks, -1);
        foreach (var (start, end, index) in spans)
        {
            for (var i = Math.Max(0, start); i < Math.Min(length, end); i++)
            {
                marks[i] = index;
            }
        }

        return marks;
    }
}
