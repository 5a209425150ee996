using System.Text.RegularExpressions;

namespace Pipeline.Core.Cleaning;

/// <summary>
/// Chooses a text dump's title. A whole-page dump usually opens with the page's &lt;title&gt; ("Headline - Site")
/// and shows the headline again as a line above the story; photo credits, captions, "CLICK FOR ..." links, section
/// labels and bylines sit there too. So the lines above the story are candidates, scored by how much of each one the
/// &lt;title&gt; line confirms; furniture never qualifies, however close it sits to the story.
/// </summary>
internal static partial class DumpTitle
{
    /// <summary>How far above the story start the headline is looked for: menus and share bars can sit between.</summary>
    private const int LinesAbove = 60;

    /// <summary>How far below the story start the headline is still looked for.</summary>
    private const int LinesBelow = 12;

    /// <summary>Share of a candidate's words that the page title must hold for the candidate to count as confirmed.</summary>
    private const double MinConfirmed = 0.6;

    /// <summary>The share that suffices when at least four of the candidate's words are in the page title.</summary>
    private const double MinConfirmedLong = 0.4;

    /// <summary>
    /// The title: the candidate line the page title confirms best; else the page title itself (site name cut) when
    /// it is not furniture; else <paramref name="headline"/> (the line the layout suggests) when it is not; else null.
    /// </summary>
    /// <param name="lines">The dump's lines; line 0 is where a page title sits.</param>
    /// <param name="storyStart">Index of the first line kept as article text, or -1.</param>
    /// <param name="pageTitle">The first line read as a page title (site suffix already cut), or null.</param>
    /// <param name="headline">The headline-like line nearest above the story, or null.</param>
    public static string? Choose(IReadOnlyList<string> lines, int storyStart, string? pageTitle, string? headline)
    {
        if (pageTitle is not null && storyStart >= 0)
        {
            var titleWords = new HashSet<string>(WordsOf(pageTitle), StringComparer.Ordinal);
            var segments = Segments(pageTitle);
            string? best = null;
            var bestScore = 0.0;
            // The run taken as the story can begin with a promo or a standfirst above the headline: look a little below too.
            var end = Math.Min(lines.Count - 1, storyStart + LinesBelow);
            for (var i = Math.Max(1, storyStart - LinesAbove); i <= end; i++)
            {
                var score = Confirmation(lines[i], titleWords, segments);
                // Ties go to the line nearer the story: a repeat of the title in a sticky header sits higher up.
                if (score > 0 && score >= bestScore)
                {
                    best = lines[i];
                    bestScore = score;
                }
            }

            if (best is not null)
            {
                return TextDumpCleaner.CollapseRepeats(best);
            }
        }

        // Unconfirmed, the page title is safer than the line the layout suggests, which is often a byline or a teaser.
        if (pageTitle is not null && IsCandidate(pageTitle))
        {
            return pageTitle;
        }

        return headline is not null && IsCandidate(headline) && !SentenceInside().IsMatch(headline) ? headline : null;
    }

    /// <summary>
    /// How well the page title confirms a line: the number of its words the title holds, weighted by the share they
    /// make of the line; 0 when the line is furniture or the title holds too little of it.
    /// </summary>
    internal static double Confirmation(string line, HashSet<string> titleWords, IReadOnlyList<string> titleSegments)
    {
        if (!IsCandidate(line))
        {
            return 0;
        }

        // Distinct words: a caption that names the same person twice must not count them twice.
        var words = WordsOf(line).Distinct(StringComparer.Ordinal).ToList();
        var shared = words.Count(titleWords.Contains);
        var share = words.Count == 0 ? 0 : shared / (double)words.Count;
        // A one- or two-word line counts only as a whole segment of the title ("Standings | Site"): otherwise short
        // section labels ("World", "Opinion") would be confirmed by any title that mentions them.
        var isSegment = titleSegments.Any(s => string.Equals(s, TextDumpCleaner.CollapseRepeats(line), StringComparison.OrdinalIgnoreCase));
        // A long headline reworded for search engines keeps fewer of its words in the title, but many of them.
        var confirmed = share >= MinConfirmed || (shared >= 4 && share >= MinConfirmedLong);
        if (!isSegment && (words.Count < 3 || shared < 2 || !confirmed))
        {
            return 0;
        }

        // A full sentence (a standfirst, a caption) must be nearly all title words to pass for the headline.
        if (line.EndsWith('.') && share < 0.9)
        {
            return 0;
        }

        var score = shared * share + (isSegment ? 0.5 : 0);
        // A line in capitals where the title is not is a label or a button styled loud ("MAKING THE JAM").
        return IsUpperCase(line) && !IsUpperCase(titleSegments.Count > 0 ? titleSegments[0] : string.Empty) ? score / 2 : score;
    }

    /// <summary>Lines that may never be a title: credits, captions, links, labels, bylines, dates, teasers.</summary>
    internal static bool IsCandidate(string line)
    {
        if (line.Length is 0 or > 250 || line.EndsWith(':') || line.EndsWith("...", StringComparison.Ordinal) || line.EndsWith('…'))
        {
            return false;
        }

        var words = WordsOf(line);
        if (words.Count is 0 or > 30 || line.Contains(" | ", StringComparison.Ordinal))
        {
            return false;
        }

        return BoilerplateVocabulary.ReasonForText(line) is null && !Credit().IsMatch(line) && !LinkPrompt().IsMatch(line) && !Handle().IsMatch(line)
            && !Label().IsMatch(line) && !UrlLike().IsMatch(line)
            && !TextDumpCleaner.LooksLikeBylineOrDate(line);
    }

    private static bool IsUpperCase(string text)
    {
        var letters = 0;
        foreach (var c in text)
        {
            if (char.IsLower(c))
            {
                return false;
            }

            letters += char.IsUpper(c) ? 1 : 0;
        }

        return letters >= 4;
    }

    /// <summary>The title's parts between separators: "Standings | Racing | Site" → three segments.</summary>
    private static List<string> Segments(string title) =>
        SegmentSeparator().Split(title).Select(s => s.Trim()).Where(s => s.Length > 0).ToList();

    private static List<string> WordsOf(string line) => TextDumpCleaner.Words(line).Select(w => w.ToLowerInvariant()).ToList();

    /// <summary>
    /// Photo and video credits: "Name/Getty", "Name, Associated Press", "Photo: Name", "(Reuters)" at the end, "Credit ...".
    /// </summary>
    [GeneratedRegex(@"/\s*(?:getty|ap|afp|reuters|epa|bloomberg|shutterstock|istock|alamy)\b|,\s*(?:the\s+)?(?:associated press|ap|afp|reuters|getty images|epa|bloomberg|shutterstock|istock|alamy)\s*\)?$|^\s*(?:photo|image|picture|video|credit|source|foto|bild)s?\s*(?:by|credit)?\s*[:/©]|\b(?:photo|image|video)s?\s+(?:by|courtesy)\b|^\s*credit\b|©", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Credit();

    /// <summary>Calls to act, which are links or buttons, not headlines: "CLICK FOR FULL RESULTS", "Read more", "Watch: ...".</summary>
    [GeneratedRegex(@"^\s*(?:click|tap|read|watch|view|see|listen|download|subscribe|sign|follow|share|more|back to|go to|return to|jump to|skip|show|load|continue)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex LinkPrompt();

    /// <summary>Filing labels and relative times: "Filed to: science", "Posted in News", "3 hours ago".</summary>
    [GeneratedRegex(@"^\s*(?:filed|posted|tagged|published)\s+(?:to|in|under)\b|\b\d+\s+(?:sec|secs|seconds?|min|mins|minutes?|hrs?|hours?|days?|weeks?|months?)\s+ago\b|^\s*(?:breaking news|latest news|news|updated|posted)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Label();

    [GeneratedRegex(@"https?://|www\.\w", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlLike();

    /// <summary>A social-media handle: author boxes ("Ann Lee @annlee"), never headlines.</summary>
    [GeneratedRegex(@"(?:^|\s)@\w")]
    private static partial Regex Handle();

    /// <summary>One sentence ending and another starting inside the line: a blurb or a disclosure, not a headline.</summary>
    [GeneratedRegex(@"\w[.!?]\s+\p{Lu}")]
    private static partial Regex SentenceInside();

    [GeneratedRegex(@"\s+[|–—:-]\s+|\s+[|]|[|]\s+")]
    private static partial Regex SegmentSeparator();
}
