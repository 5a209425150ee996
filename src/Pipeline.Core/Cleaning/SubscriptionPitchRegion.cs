using System.Text.RegularExpressions;

namespace Pipeline.Core.Cleaning;

/// <summary>
/// Finds multi-line subscription and donation appeals ("Dear Reader, ... For $5 a month you will receive ...").
/// Each line of such an appeal alone reads like prose, so the line-level vocabulary misses it; as a run it is
/// unmistakable: an opening cue, then price, membership or benefit-list cues, then a sign-off, until the story resumes.
/// </summary>
internal static partial class SubscriptionPitchRegion
{
    /// <summary>An appeal longer than this is not one box on the page: the run is not trusted.</summary>
    private const int MaxLines = 24;

    /// <summary>True for every block that belongs to an appeal; the same input always gives the same marks.</summary>
    public static bool[] Find(IReadOnlyList<string> blocks)
    {
        var marks = new bool[blocks.Count];
        var i = 0;
        while (i < blocks.Count)
        {
            if (!IsOpener(blocks[i]))
            {
                i++;
                continue;
            }

            // The run ends before the first line that reads like the article again: long prose without appeal words.
            var end = i;
            var strong = StrongCue().IsMatch(blocks[i]);
            var sentences = 0;
            var lastCue = i;
            var signOff = -1;
            for (var j = i + 1; j < blocks.Count && j - i < MaxLines; j++)
            {
                var line = blocks[j];
                if (IsArticleLike(line))
                {
                    break;
                }

                end = j;
                strong |= StrongCue().IsMatch(line);
                sentences += TextDumpCleaner.Words(line).Count >= 8 && (AppealWord().IsMatch(line) || StrongCue().IsMatch(line)) ? 1 : 0;
                if (AppealWord().IsMatch(line) || StrongCue().IsMatch(line) || Bullet().IsMatch(line))
                {
                    lastCue = j;
                }

                if (SignOff().IsMatch(line))
                {
                    lastCue = j;
                    signOff = j;
                }
            }

            // Short lines after the last appeal word belong to the story (a byline, a subheading) unless a letter
            // sign-off precedes them: then they are the signatures.
            var last = signOff >= 0 ? Math.Min(end, Math.Max(lastCue, signOff + 3)) : lastCue;
            // A menu with a "Subscribe" item and a "Premium" link is not an appeal: an appeal argues in sentences.
            if (strong && sentences >= 1)
            {
                for (var k = i; k <= last; k++)
                {
                    marks[k] = true;
                }

                i = last + 1;
            }
            else
            {
                i++;
            }
        }

        return marks;
    }

    internal static bool IsOpener(string line)
    {
        if (line.Length > 300)
        {
            return false;
        }

        return OpenerAtStart().IsMatch(line) || (TextDumpCleaner.Words(line).Count <= 15 && OpenerAnywhere().IsMatch(line));
    }

    /// <summary>
    /// Long prose with at most one appeal word: stories mention readers and money too ("a $5 million grant",
    /// "before you started reading"); an appeal paragraph piles up journalism, readers, paywalls and members.
    /// </summary>
    private static bool IsArticleLike(string line) =>
        TextDumpCleaner.Words(line).Count >= 12 && HtmlArticleExtractor.EndsSentence(line.TrimEnd())
        && AppealWord().Count(line) <= 1 && !StrongCue().IsMatch(line);

    [GeneratedRegex(@"^(?:dear (?:reader|subscriber|friend|supporter|member)s?\b|support (?:our|independent|quality|local) journalism|become an? (?:member|subscriber|supporter|patron)|subscribe\b|donate\b|join (?:us|our community)\b|we need your (?:help|support)|please (?:support|consider supporting))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpenerAtStart();

    [GeneratedRegex(@"\b(?:support (?:our|independent|quality|local) journalism|become an? (?:member|subscriber|supporter|patron)|subscribe (?:now|today|to)|donate (?:now|today))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OpenerAnywhere();

    /// <summary>What makes an appeal commercial: a price, a period, membership, access or an ad-free promise.</summary>
    [GeneratedRegex(@"(?:(?:[$€£¥]\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:[$€£]|usd|eur|gbp|dollars|euros|pounds))\s*(?:a|per|/|each|every)\s*(?:month|year|week|mo|yr)\b|\b(?:membership|subscription|subscriber|premium|paywall|ad-free|free of ads|donation|you will receive|access to (?:our|the|all|premium|exclusive)|recurring (?:gift|contribution)|one-time (?:gift|contribution))\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex StrongCue();

    [GeneratedRegex(@"\b(?:journalism|readers?|reading|subscri\w*|members?|donat\w*|contribut\w*|support (?:us|our)|help us|partner|newsroom|paywall|sustainab\w*|business models?|news organi[sz]ations?|independent (?:news|media|journalism)|keep (?:our|providing))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AppealWord();

    [GeneratedRegex(@"^\s*[•·▪●■◦\-\*–]\s*\S")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"^(?:thank you|thanks|sincerely|yours|best (?:regards|wishes)|kind regards|with gratitude)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SignOff();
}
