using Pipeline.Core.Articles;

namespace Pipeline.Evaluation.Attribution;

/// <summary>
/// A deliberately small segmenter (paragraphs, sentences, double-quoted quotes) so speaker evaluation and tests can
/// run before the real <c>ArticleSegmenter</c> is merged. Evaluation takes the segmenter as a delegate; once the real
/// one exists the CLI passes that instead and this class can go.
/// </summary>
public static class StandInSegmenter
{
    private static readonly HashSet<string> Abbreviations = new(StringComparer.Ordinal)
    {
        "Mr", "Mrs", "Ms", "Dr", "Gen", "Brig", "Col", "Lt", "Sgt", "Capt", "Gov", "Sen", "Rep", "Prof", "St", "Jr",
        "Sr", "Inc", "Corp", "Ltd", "Co", "Adm", "Maj", "Rev", "Hon", "No", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul",
        "Aug", "Sep", "Sept", "Oct", "Nov", "Dec", "vs", "etc", "i.e", "e.g", "U.S", "U.N", "U.K", "E.U",
    };

    public static SegmentedArticle Segment(CleanedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var text = article.Text;
        var paragraphs = new List<Paragraph>();
        var sentences = new List<Sentence>();
        var quotes = new List<(int Start, int End)>();
        var start = 0;
        while (start <= text.Length)
        {
            var end = text.IndexOf("\n\n", start, StringComparison.Ordinal);
            if (end < 0)
            {
                end = text.Length;
            }

            if (end > start)
            {
                var index = paragraphs.Count;
                paragraphs.Add(new Paragraph(index, start, end));
                SplitSentences(text, start, end, index, sentences);
                FindQuotes(text, start, end, quotes);
            }

            start = end + 2;
        }

        var quoteRecords = quotes.Select((q, i) =>
        {
            var first = sentences.FindIndex(s => s.End > q.Start);
            var last = sentences.FindLastIndex(s => s.Start < q.End);
            return new Quote(i, q.Start, q.End, text[q.Start..q.End], Math.Max(first, 0), Math.Max(last, Math.Max(first, 0)));
        }).ToList();

        return new SegmentedArticle
        {
            Cleaned = article,
            Paragraphs = paragraphs,
            Sentences = sentences,
            Quotes = quoteRecords,
        };
    }

    private static void SplitSentences(string text, int start, int end, int paragraph, List<Sentence> sentences)
    {
        var s = start;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (c is not ('.' or '!' or '?'))
            {
                continue;
            }

            var j = i + 1;
            while (j < end && text[j] is '"' or '\u201D' or '\u2019' or ')' or '\'')
            {
                j++;
            }

            if (j >= end || text[j] != ' ')
            {
                continue;
            }

            var k = j;
            while (k < end && text[k] == ' ')
            {
                k++;
            }

            if (k >= end || !(char.IsUpper(text[k]) || char.IsDigit(text[k]) || text[k] is '"' or '\u201C' or '\u2018'))
            {
                continue;
            }

            if (c == '.' && IsAbbreviation(text, s, i))
            {
                continue;
            }

            sentences.Add(new Sentence(sentences.Count, s, j, paragraph, text[s..j]));
            s = k;
        }

        if (s < end)
        {
            sentences.Add(new Sentence(sentences.Count, s, end, paragraph, text[s..end]));
        }
    }

    private static bool IsAbbreviation(string text, int sentenceStart, int dot)
    {
        var w = dot;
        while (w > sentenceStart && (char.IsLetter(text[w - 1]) || text[w - 1] == '.'))
        {
            w--;
        }

        var word = text[w..dot];
        return Abbreviations.Contains(word) || (word.Length == 1 && char.IsUpper(word[0]));
    }

    private static void FindQuotes(string text, int start, int end, List<(int Start, int End)> quotes)
    {
        var open = -1;
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            var opening = c == '\u201C' || (c == '"' && open < 0);
            var closing = c == '\u201D' || (c == '"' && open >= 0);
            if (open < 0 && opening)
            {
                open = i + 1;
            }
            else if (open >= 0 && closing)
            {
                if (i > open)
                {
                    quotes.Add((open, i));
                }

                open = -1;
            }
        }

        // An unclosed quote runs to the end of its paragraph: the convention for quotes continued in the next one.
        if (open >= 0 && open < end)
        {
            quotes.Add((open, end));
        }
    }
}
