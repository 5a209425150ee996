using Pipeline.Core.Articles;

namespace Pipeline.Core.Classification.Entities;

/// <summary>Facts about the token stream that several rules need: where sentences start, whether it is English.</summary>
internal static class ArticleContext
{
    private static readonly HashSet<string> EnglishFunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "of", "and", "to", "in", "a", "is", "that", "for", "on", "with", "said", "was", "as", "by", "it",
        "at", "from", "has", "have", "be", "are", "he", "his", "not", "this", "an", "but", "were", "will", "after",
        "its", "their", "which", "who", "would", "been", "had", "they", "she", "her", "or", "also", "than",
    };

    /// <summary>
    /// True for the first word of every sentence, paragraph and direct quote: capitalisation there says nothing
    /// about names, so a lone unknown capitalised word in that position is not taken as an entity.
    /// </summary>
    public static bool[] SentenceInitial(SegmentedArticle article, TextTokens tokens)
    {
        var initial = new bool[tokens.Count];
        if (tokens.Count == 0)
        {
            return initial;
        }

        MarkFirstWord(tokens, initial, 0);
        foreach (var sentence in article.Sentences)
        {
            MarkFirstWord(tokens, initial, sentence.Start);
        }

        foreach (var paragraph in article.Paragraphs)
        {
            MarkFirstWord(tokens, initial, paragraph.Start);
        }

        foreach (var quote in article.Quotes)
        {
            MarkFirstWord(tokens, initial, quote.Start);
        }

        // Without segmentation (or with a coarse one), fall back to terminal punctuation and line breaks.
        var text = tokens.Text;
        for (var i = 1; i < tokens.Count; i++)
        {
            var prev = tokens.Tokens[i - 1];
            if (prev.Kind == TokenKind.Punct && text[prev.Start] is '.' or '!' or '?' or ':')
            {
                initial[i] = true;
            }
            else if (text.AsSpan(prev.End, tokens.Tokens[i].Start - prev.End).Contains('\n'))
            {
                initial[i] = true;
            }
        }

        return initial;
    }

    // Frequent function words of other Latin-script languages that are not English words.
    private static readonly HashSet<string> ForeignFunctionWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "le", "la", "les", "des", "du", "et", "est", "une", "dans", "pour", "qui", "que", "pas", "sur", "der", "die",
        "das", "und", "ist", "nicht", "mit", "den", "ein", "eine", "zu", "von", "el", "los", "las", "y", "en", "del",
        "con", "por", "una", "il", "di", "che", "della", "non", "per", "het", "een", "van", "niet", "og", "och", "att",
        "em", "os", "não", "uma", "ao",
    };

    /// <summary>
    /// English when at least one word in eight is a common English function word (real English prose sits near one
    /// in three; French, German or Spanish prose stays well below one in twenty) and English function words
    /// outnumber other languages' ones. A very short text with no foreign function word counts as English.
    /// </summary>
    public static bool LooksEnglish(TextTokens tokens)
    {
        int words = 0, function = 0, foreign = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            if (tokens.Tokens[i].Kind != TokenKind.Word)
            {
                continue;
            }

            words++;
            var value = tokens.Values[i];
            if (value.Length <= 5 && EnglishFunctionWords.Contains(value))
            {
                function++;
            }
            else if (value.Length <= 5 && ForeignFunctionWords.Contains(value))
            {
                foreign++;
            }
        }

        if (words == 0 || foreign > function)
        {
            return false;
        }

        return function * 8 >= words || (words < 20 && foreign == 0);
    }

    private static void MarkFirstWord(TextTokens tokens, bool[] initial, int offset)
    {
        var i = tokens.FirstAtOrAfter(offset);
        // Skip opening punctuation: quote marks, brackets, dashes.
        for (var hop = 0; i < tokens.Count && hop < 3 && tokens.Tokens[i].Kind == TokenKind.Punct; hop++)
        {
            i++;
        }

        if (i < tokens.Count)
        {
            initial[i] = true;
        }
    }
}
