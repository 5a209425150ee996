using System.Buffers;
using Pipeline.Core.Articles;

namespace Pipeline.Core.Segmentation;

/// <summary>
/// Finds direct quotations: top-level spans between matching quotation marks, marks excluded. Marks nested inside
/// an open quotation (single quotes inside double ones) belong to it; apostrophes (don't, Iran's, the '90s,
/// students') are not marks. A quotation left open at the end of a paragraph continues when the next paragraph
/// opens with the same mark (the news convention for a quote that runs over several paragraphs).
/// </summary>
internal static class QuoteFinder
{
    private static readonly SearchValues<char> Marks = SearchValues.Create("\"'“”‘’„‚«»‹›「」『』");

    private sealed class OpenQuote(char opener, int contentStart)
    {
        public char Opener { get; } = opener;

        public int ContentStart { get; set; } = contentStart;

        public List<(int Start, int End)> Pieces { get; } = [];
    }

    public static IReadOnlyList<Quote> Find(string text, IReadOnlyList<Paragraph> paragraphs, IReadOnlyList<Sentence> sentences)
    {
        var quotes = new List<Quote>();
        OpenQuote? pending = null;
        foreach (var paragraph in paragraphs)
        {
            var position = paragraph.Start;
            OpenQuote? open = null;
            if (pending is not null)
            {
                if (IsContinuation(pending.Opener, text[paragraph.Start]))
                {
                    open = pending;
                    open.ContentStart = paragraph.Start + 1;
                    position = paragraph.Start + 1;
                }
                else
                {
                    Add(text, pending, sentences, quotes);
                }

                pending = null;
            }

            var next = paragraph.Index + 1 < paragraphs.Count ? paragraphs[paragraph.Index + 1] : null;
            var nextOpensWith = next is null ? ' ' : text[next.Start];
            open = Scan(text, position, paragraph, open, nextOpensWith, sentences, quotes);
            if (open is not null)
            {
                // A quotation never closed runs to the end of its paragraph (the news convention, or a closing mark
                // the writer or the cleaner dropped); it is stored once the next paragraph does not continue it.
                open.Pieces.Add((open.ContentStart, paragraph.End));
                pending = open;
            }
        }

        if (pending is not null)
        {
            Add(text, pending, sentences, quotes);
        }

        return quotes;
    }

    /// <summary>Scans <c>[position, paragraph.End)</c>; returns the quotation still open at its end, if any.</summary>
    private static OpenQuote? Scan(string text, int position, Paragraph paragraph, OpenQuote? open, char nextOpensWith, IReadOnlyList<Sentence> sentences, List<Quote> quotes)
    {
        var end = paragraph.End;
        var closers = new SingleCloserCache(text, paragraph);
        while (position < end)
        {
            var offset = text.AsSpan(position, end - position).IndexOfAny(Marks);
            if (offset < 0)
            {
                break;
            }

            var m = position + offset;
            var mark = text[m];
            var before = m > paragraph.Start ? text[m - 1] : ' ';
            var after = m + 1 < end ? text[m + 1] : ' ';
            if (open is null)
            {
                // A single mark with no closing mark after it in its paragraph is an apostrophe ('em, 'tis), unless
                // the next paragraph continues the quotation.
                if (Opens(mark, before, after)
                    && (!IsSingleOpener(mark) || closers.HasCloserAfter(m, mark) || IsContinuation(mark, nextOpensWith)))
                {
                    open = new OpenQuote(mark, m + 1);
                }
            }
            else if (Closes(open.Opener, mark, before, after))
            {
                open.Pieces.Add((open.ContentStart, m));
                Add(text, open, sentences, quotes);
                open = null;
            }

            position = m + 1;
        }

        return open;
    }

    private static bool IsSingleOpener(char mark) => mark is '\'' or '‘' or '‚' or '‹';

    /// <summary>
    /// Answers "is there a single closing mark after position p?" for increasing p in amortised linear time, so that a
    /// paragraph full of stray apostrophes is not scanned once per apostrophe.
    /// </summary>
    private struct SingleCloserCache(string text, Paragraph paragraph)
    {
        private int _from = -1;
        private int _found = -1;
        private char _opener;

        public bool HasCloserAfter(int p, char opener)
        {
            if (_from < 0 || opener != _opener || p < _from || (_found >= 0 && p >= _found))
            {
                _opener = opener;
                _found = FindCloser(p + 1, opener);
            }

            _from = p;
            return _found >= 0;
        }

        private readonly int FindCloser(int from, char opener)
        {
            for (var q = from; q < paragraph.End; q++)
            {
                if (Closes(opener, text[q], text[q - 1], q + 1 < paragraph.End ? text[q + 1] : ' '))
                {
                    return q;
                }
            }

            return -1;
        }
    }

    private static bool Opens(char mark, char before, char after)
    {
        var afterSpace = char.IsWhiteSpace(after);
        var beforeWord = char.IsLetterOrDigit(before);
        return mark switch
        {
            '“' or '„' or '「' or '『' or '‚' or '‘' => !afterSpace,

            // French sets « with a space inside.
            '«' or '‹' => true,

            // » and ” open only before a word after a space: German »...«, Swedish and Finnish ”...” and »...».
            '»' or '”' => !beforeWord && !afterSpace && char.IsWhiteSpace(before),
            '"' => !beforeWord && !afterSpace,

            // Not "don't" or "Iran's" (letters both sides) nor "'90s" (digits after).
            '\'' => !beforeWord && char.IsLetter(after),
            _ => false,
        };
    }

    private static bool Closes(char opener, char mark, char before, char after)
    {
        // A single closing mark followed by a letter is an apostrophe inside the quotation ("don’t").
        var singleCloses = !char.IsWhiteSpace(before) && !char.IsLetterOrDigit(after);
        return opener switch
        {
            '“' => mark is '”' || (mark == '"' && !char.IsWhiteSpace(before)),
            '"' => mark is '"' or '”',
            '„' => mark is '“' or '”',
            '«' => mark == '»',
            '»' => mark is '«' or '»',
            '”' => mark == '”',
            '‹' => mark == '›',
            '「' => mark == '」',
            '『' => mark == '』',
            '‘' or '\'' => mark is '’' or '\'' && singleCloses,
            '‚' => mark is '‘' or '’' && singleCloses,
            _ => false,
        };
    }

    private static bool IsContinuation(char opener, char first) => opener switch
    {
        '“' or '"' => first is '“' or '"',
        '«' => first is '«' or '»',
        '„' => first == '„',
        '»' => first == '»',
        '”' => first == '”',
        '‘' or '\'' => first is '‘' or '\'',
        _ => first == opener,
    };

    private static void Add(string text, OpenQuote quote, IReadOnlyList<Sentence> sentences, List<Quote> quotes)
    {
        var pieces = new List<(int Start, int End)>(quote.Pieces.Count);
        foreach (var (start, end) in quote.Pieces)
        {
            var s = start;
            var e = end;
            while (s < e && char.IsWhiteSpace(text[s]))
            {
                s++;
            }

            while (e > s && char.IsWhiteSpace(text[e - 1]))
            {
                e--;
            }

            if (e > s)
            {
                pieces.Add((s, e));
            }
        }

        if (pieces.Count == 0)
        {
            return;
        }

        var first = pieces[0].Start;
        var last = pieces[^1].End;

        // Across paragraphs the text drops the continuation marks and keeps the paragraph breaks.
        var quoted = pieces.Count == 1
            ? text[first..last]
            : string.Join("\n\n", pieces.Select(p => text[p.Start..p.End]));
        var (firstSentence, lastSentence) = SentenceRange(sentences, first, last);
        quotes.Add(new Quote(quotes.Count, first, last, quoted, firstSentence, lastSentence));
    }

    /// <summary>The first and last sentence overlapping <c>[start, end)</c> (sentences are sorted and disjoint).</summary>
    internal static (int First, int Last) SentenceRange(IReadOnlyList<Sentence> sentences, int start, int end)
    {
        // First sentence whose End > start.
        int lo = 0, hi = sentences.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sentences[mid].End > start)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        var first = lo;

        // Last sentence whose Start < end.
        lo = first;
        hi = sentences.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (sentences[mid].Start < end)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        var last = lo - 1;
        if (first >= sentences.Count || last < first)
        {
            return (-1, -1);
        }

        return (first, last);
    }
}
