using Pipeline.Core.Articles;

namespace Pipeline.Core.Segmentation;

/// <summary>
/// Retrieval passages: greedy windows of whole sentences no larger than the bound, each repeating the trailing
/// sentences of the previous window that fit in the overlap. A sentence larger than the bound alone is cut at word
/// boundaries into pieces that each fit (a word larger than the bound is cut where the bound falls).
/// </summary>
internal static class PassageBuilder
{
    private readonly record struct Piece(int Start, int End, int Sentence, int Tokens);

    public static IReadOnlyList<Passage> Build(string text, IReadOnlyList<Sentence> sentences, SegmentationOptions options)
    {
        var pieces = new List<Piece>(sentences.Count);
        var tokens = options.PassageUnit == PassageUnit.Tokens;
        var size = options.PassageSize;
        foreach (var sentence in sentences)
        {
            var count = tokens ? Tokens.Count(text, sentence.Start, sentence.End) : 0;
            var measure = tokens ? count : sentence.End - sentence.Start;
            if (measure <= size)
            {
                pieces.Add(new Piece(sentence.Start, sentence.End, sentence.Index, count));
            }
            else if (tokens)
            {
                CutByTokens(text, sentence, size, pieces);
            }
            else
            {
                CutByCharacters(text, sentence, size, pieces);
            }
        }

        // Prefix sums make a window's token count O(1).
        var prefix = new int[pieces.Count + 1];
        for (var i = 0; i < pieces.Count; i++)
        {
            prefix[i + 1] = prefix[i] + pieces[i].Tokens;
        }

        int Measure(int first, int last) => tokens ? prefix[last + 1] - prefix[first] : pieces[last].End - pieces[first].Start;

        var passages = new List<Passage>();
        var a = 0;
        while (a < pieces.Count)
        {
            var b = a;
            while (b + 1 < pieces.Count && Measure(a, b + 1) <= size)
            {
                b++;
            }

            var start = pieces[a].Start;
            var end = pieces[b].End;
            passages.Add(new Passage(passages.Count, start, end, pieces[a].Sentence, pieces[b].Sentence, text[start..end]));
            if (b == pieces.Count - 1)
            {
                break;
            }

            // Step back over trailing pieces that fit in the overlap, but always move forward: the next window
            // must still reach the first new piece, or it would repeat a subset of this one.
            var next = b + 1;
            while (next - 1 > a && Measure(next - 1, b) <= options.PassageOverlap && Measure(next - 1, b + 1) <= size)
            {
                next--;
            }

            a = next;
        }

        return passages;
    }

    // Character pieces carry no token count: windows in characters are measured by their span.
    private static void CutByCharacters(string text, Sentence sentence, int size, List<Piece> pieces)
    {
        var p = sentence.Start;
        while (p < sentence.End)
        {
            if (sentence.End - p <= size)
            {
                pieces.Add(new Piece(p, sentence.End, sentence.Index, 0));
                break;
            }

            var limit = p + size;

            // The last white space that lets the piece end within the bound.
            var cut = limit;
            while (cut > p && !char.IsWhiteSpace(text[cut]))
            {
                cut--;
            }

            var end = cut;
            while (end > p && char.IsWhiteSpace(text[end - 1]))
            {
                end--;
            }

            if (end <= p)
            {
                // One word longer than the bound (a URL, a run of CJK): cut where the bound falls, never inside a
                // surrogate pair.
                end = limit;
                if (char.IsLowSurrogate(text[end]) && end - 1 > p)
                {
                    end--;
                }
            }

            pieces.Add(new Piece(p, end, sentence.Index, 0));
            p = end;
            while (p < sentence.End && char.IsWhiteSpace(text[p]))
            {
                p++;
            }
        }
    }

    private static void CutByTokens(string text, Sentence sentence, int size, List<Piece> pieces)
    {
        var pieceStart = sentence.Start;
        var count = 0;
        var p = sentence.Start;
        while (p < sentence.End)
        {
            var (tokenStart, tokenEnd) = Tokens.Next(text, p, sentence.End);
            if (tokenStart < 0)
            {
                break;
            }

            if (count == size)
            {
                var end = tokenStart;
                while (end > pieceStart && char.IsWhiteSpace(text[end - 1]))
                {
                    end--;
                }

                pieces.Add(new Piece(pieceStart, end, sentence.Index, count));
                pieceStart = tokenStart;
                count = 0;
            }

            count++;
            p = tokenEnd;
        }

        pieces.Add(new Piece(pieceStart, sentence.End, sentence.Index, count));
    }
}

/// <summary>Word tokens as passages count them: runs of letters, digits and combining marks; each ideograph alone.</summary>
internal static class Tokens
{
    public static int Count(string text, int start, int end)
    {
        var count = 0;
        var p = start;
        while (true)
        {
            var (tokenStart, tokenEnd) = Next(text, p, end);
            if (tokenStart < 0)
            {
                return count;
            }

            count++;
            p = tokenEnd;
        }
    }

    public static (int Start, int End) Next(string text, int p, int end)
    {
        while (p < end && !TextChars.IsWordChar(text[p]))
        {
            p++;
        }

        if (p >= end)
        {
            return (-1, -1);
        }

        var start = p;
        if (TextChars.IsIdeographic(text[p]))
        {
            return (start, p + 1);
        }

        while (p < end && TextChars.IsWordChar(text[p]) && !TextChars.IsIdeographic(text[p]))
        {
            p++;
        }

        return (start, p);
    }
}
