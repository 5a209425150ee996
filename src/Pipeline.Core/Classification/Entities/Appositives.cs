using Pipeline.Core.Classification.Attribution;

namespace Pipeline.Core.Classification.Entities;

/// <summary>Roles written between commas after a name: "Alireza Miryousefi, spokesperson for the mission, said".</summary>
internal static class Appositives
{
    private const int MaxWords = 16;

    /// <summary>The role phrase that starts with a comma at token <paramref name="comma"/>, or null.</summary>
    public static string? After(TextTokens tokens, int comma)
    {
        var span = Span(tokens, comma);
        return span is null ? null : tokens.Text[tokens.Tokens[span.Value.First].Start..tokens.Tokens[span.Value.Last].End];
    }

    /// <summary>The token range of the role phrase after the comma at <paramref name="comma"/>, or null.</summary>
    public static (int First, int Last)? Span(TextTokens tokens, int comma)
    {
        if (!tokens.IsPunct(comma, ','))
        {
            return null;
        }

        var g = Gazetteer.Default;
        var values = tokens.Values;
        var first = comma + 1;
        if (!tokens.IsWord(first))
        {
            return null;
        }

        var v = values[first];
        var lower = v.ToLowerInvariant();
        var opens = lower is "the" or "a" or "an" or "his" or "her" or "its" or "their"
            || SpeechCues.PersonTitleNouns.Contains(lower)
            || g.IsTitleWord(v)
            || (tokens.Tokens[first].Capitalised && first + 1 < tokens.Count && values[first + 1] == "'s");
        if (!opens)
        {
            return null;
        }

        var hasTitle = false;
        var j = first;
        for (; j < tokens.Count && j - first < MaxWords; j++)
        {
            if (tokens.Tokens[j].Kind == TokenKind.Punct)
            {
                var c = tokens.Text[tokens.Tokens[j].Start];
                if (c is ',' or '.' or ';')
                {
                    break;
                }

                if (c is '-' or '&')
                {
                    continue;
                }

                return null;
            }

            var w = values[j].ToLowerInvariant();
            if (SpeechCues.Verbs.Contains(w) || w is "who" or "which" or "is" or "was" or "were" or "are" or "has" or "had")
            {
                return null;
            }

            hasTitle |= SpeechCues.PersonTitleNouns.Contains(w) || g.IsTitleHead(values[j]);
        }

        if (!hasTitle || j >= tokens.Count || j == first || tokens.Tokens[j].Kind != TokenKind.Punct)
        {
            return null;
        }

        return (first, j - 1);
    }
}
