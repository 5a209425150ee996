using System.Text.RegularExpressions;
using Pipeline.Core.Articles;
using Pipeline.Core.Decoding;

namespace Pipeline.Core.Cleaning;

/// <summary>The article text of a plain-text dump, what was cut, and the metadata found at its top.</summary>
internal sealed record TextExtraction(IReadOnlyList<string> Paragraphs, IReadOnlyList<RemovedBlock> Removed, ArticleMetadata Metadata);

/// <summary>
/// Cleans a whole-page text dump line by line. Each line is first judged on its own (length, stop-word density
/// in the page's language, links and e-mail addresses, boilerplate wording), then by its neighbours (a short line
/// between two article paragraphs is article; one between menus is not), and finally the article is taken as the
/// densest contiguous run of good lines, so that teasers and comments far below it are left out.
/// </summary>
internal static partial class TextDumpCleaner
{
    private enum LineClass
    {
        Bad,
        Short,
        NearGood,
        Good,
    }

    private const int MaxPasses = 4;

    public static TextExtraction Clean(string text, CleaningOptions options, ArticleMetadata? known = null, CancellationToken cancellationToken = default)
    {
        var removed = new List<RemovedBlock>();
        var lines = SplitLines(text);
        cancellationToken.ThrowIfCancellationRequested();
        if (IsParagraphShaped(text))
        {
            // Text already in the output shape (blank-line-separated paragraphs, no bare line breaks) is an article
            // someone cleaned: only blocks with explicit evidence are cut, never by context. The title is read after that
            // cut, so a "Subscribe to our newsletter" line above the headline can never become the title.
            var evident = RemoveEvident(lines, options, removed);
            return new TextExtraction(evident, removed, ReadTopMetadata(evident, known, headlineAboveStory: true));
        }

        var (kept, metadata) = CleanOnce(lines, options, known, removed);
        for (var pass = 1; pass < MaxPasses; pass++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (again, _) = CleanOnce(kept, options, null, removed);
            if (again.Count == kept.Count)
            {
                break;
            }

            kept = again;
        }

        cancellationToken.ThrowIfCancellationRequested();
        return new TextExtraction(RemoveEvident(kept, options, removed), removed, metadata);
    }

    /// <summary>
    /// The last step of every clean (HTML included): drops blocks whose own words mark them as furniture
    /// (cookie notices, subscription pitches, legal lines, share bars), whole appeal boxes, repeated headings and
    /// slogans above the story. Every rule looks only at the block and at blocks it keeps before it (or, for appeal
    /// boxes, at a run that survives intact), so it is idempotent, and it is all that a re-clean of our own
    /// output (paragraph-shaped .txt) applies: that makes cleaning twice change nothing.
    /// </summary>
    public static List<string> RemoveEvident(IReadOnlyList<string> paragraphs, CleaningOptions options, List<RemovedBlock> removed)
    {
        var normalized = paragraphs.Select(TextNormalizer.NormalizeInline).Where(p => p.Length > 0).ToList();
        var pitch = SubscriptionPitchRegion.Find(normalized);
        var kept = new List<string>(normalized.Count);
        var headings = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var storyStarted = false;
        for (var i = 0; i < normalized.Count; i++)
        {
            var paragraph = normalized[i];
            var reason = pitch[i] ? RemovalReasons.SubscriptionPitch
                : paragraph.Length < 160 ? BoilerplateVocabulary.ReasonForText(paragraph) : BoilerplateVocabulary.ReasonForLongText(paragraph);
            if (reason is null && paragraph.Length <= 200 && !HtmlArticleExtractor.EndsSentence(paragraph))
            {
                // Above the story a heading seen before is the headline again; anywhere, the same heading printed twice
                // in one line (a dump of a title and its visually hidden copy) is a repeat. Below the story start exact
                // repeats are left alone: tables and recipe lists legitimately repeat short lines.
                // Site taglines ("... since 2009") above the story are furniture.
                var heading = CollapseRepeats(paragraph);
                var seen = !headings.Add(heading);
                var printedTwice = heading.Length != paragraph.Length;
                reason = seen && (!storyStarted || printedTwice) ? RemovalReasons.DuplicateHeading
                    : !storyStarted && Tagline().IsMatch(paragraph) ? RemovalReasons.Navigation
                    : null;
            }

            storyStarted |= reason is null && IsStoryParagraph(paragraph);

            if (reason is null)
            {
                kept.Add(paragraph);
            }
            else
            {
                removed.Add(ParagraphJoiner.Removed(paragraph, reason, options));
            }
        }

        return kept;
    }

    /// <summary>
    /// The phrase a line repeats back to back ("Headline Headline" → "Headline"), or the line itself. Only phrases of
    /// two words or more count, so "bye bye" style words inside a heading are not mistaken for a repeat.
    /// </summary>
    internal static string CollapseRepeats(string line)
    {
        var words = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var period = 2; period <= words.Length / 2; period++)
        {
            if (words.Length % period != 0)
            {
                continue;
            }

            var repeats = true;
            for (var k = period; k < words.Length && repeats; k++)
            {
                repeats = string.Equals(words[k], words[k % period], StringComparison.OrdinalIgnoreCase);
            }

            if (repeats)
            {
                return string.Join(' ', words, 0, period);
            }
        }

        return line;
    }

    /// <summary>A paragraph of running prose: enough words and a sentence ending.</summary>
    private static bool IsStoryParagraph(string paragraph) =>
        paragraph.Length >= 80 && Words(paragraph).Count >= 12 && HtmlArticleExtractor.EndsSentence(paragraph.TrimEnd());

    /// <summary>True when every line break belongs to a blank-line paragraph separator.</summary>
    internal static bool IsParagraphShaped(string text)
    {
        var normalized = text.Replace("\r\n", "\n", StringComparison.Ordinal).Trim();
        var previousBlank = true;
        var paragraphs = 0;
        foreach (var line in normalized.AsSpan().EnumerateLines())
        {
            var blank = line.IsWhiteSpace();
            if (!blank && !previousBlank)
            {
                return false;
            }

            paragraphs += blank ? 0 : 1;
            previousBlank = blank;
        }

        return paragraphs > 0;
    }

    private static (List<string> Kept, ArticleMetadata Metadata) CleanOnce(List<string> lines, CleaningOptions options, ArticleMetadata? known, List<RemovedBlock> removed)
    {
        var metadata = ReadTopMetadata(lines, known);
        string? headline = null;
        var kept = Classify(lines, metadata, removed, options, ref headline);
        if (headline is not null && known?.Title is null)
        {
            metadata = metadata with { Title = headline };
        }

        return (kept, metadata);
    }

    internal static List<string> SplitLines(string text)
    {
        var lines = new List<string>();
        foreach (var raw in text.AsSpan().EnumerateLines())
        {
            var line = TextNormalizer.NormalizeInline(raw.ToString());
            if (line.Length > 0)
            {
                lines.Add(line);
            }
        }

        return lines;
    }

    private static List<string> Classify(List<string> lines, ArticleMetadata metadata, List<RemovedBlock> removed, CleaningOptions options, ref string? headline)
    {
        if (lines.Count == 0)
        {
            return lines;
        }

        var tokens = lines.Select(Words).ToList();
        var stopWords = StopWords.Detect(tokens.SelectMany(t => t));
        var features = new LineFeatures[lines.Count];
        double stopTotal = 0, wordTotal = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            features[i] = Measure(lines[i], tokens[i], stopWords);
            stopTotal += features[i].StopDensity * features[i].Words;
            wordTotal += features[i].Words;
        }

        // Languages without a stop-word list (Korean, Japanese, Chinese, ...) barely touch any list: judge their
        // lines by length and sentence punctuation alone.
        var useStopWords = wordTotal == 0 || stopTotal / wordTotal >= 0.06;
        var reasons = new string?[lines.Count];
        var classes = new LineClass[lines.Count];
        for (var i = 0; i < lines.Count; i++)
        {
            (classes[i], reasons[i]) = InitialClass(lines[i], features[i], useStopWords);
        }

        // An appeal box is judged as a whole: its lines read like prose one by one.
        var pitch = SubscriptionPitchRegion.Find(lines);
        for (var i = 0; i < lines.Count; i++)
        {
            if (pitch[i])
            {
                (classes[i], reasons[i]) = (LineClass.Bad, RemovalReasons.SubscriptionPitch);
            }
        }

        var initial = (LineClass[])classes.Clone();
        MarkMenuRuns(initial, classes, features, reasons);
        ResolveByNeighbours(classes);
        SelectMainRun(initial, classes, features, reasons, pitch);
        var storyStart = Array.IndexOf(classes, LineClass.Good);
        // The first line is usually the page <title> ("Headline - Site"): it confirms which line above the story is
        // the headline; when none agrees, the layout's headline is taken unless it is furniture, else the title.
        headline = DumpTitle.Choose(lines, storyStart, metadata.Title, FindHeadline(lines, initial, classes, reasons, features));
        MarkDuplicateHeadings(lines, classes, reasons, metadata);

        var kept = new List<string>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (classes[i] == LineClass.Good)
            {
                kept.Add(lines[i]);
            }
            else
            {
                // A repeated headline is named as such unless a more specific reason (legal, cookies...) applies.
                var generic = reasons[i] is null or RemovalReasons.Navigation or RemovalReasons.TooShort or RemovalReasons.LowTextDensity;
                var reason = generic && IsHeadlineRepeat(lines, i, metadata) ? RemovalReasons.DuplicateHeading
                    : reasons[i] ?? (features[i].Words < 10 ? RemovalReasons.TooShort : RemovalReasons.LowTextDensity);
                removed.Add(ParagraphJoiner.Removed(lines[i], reason, options));
            }
        }

        return kept;
    }

    private readonly record struct LineFeatures(int Words, int Chars, double StopDensity, bool EndsSentence, bool HasUrlOrEmail, double TitleCaseShare);

    private static LineFeatures Measure(string line, List<string> words, StopWords stopWords)
    {
        var stop = 0;
        var titleCase = 0;
        foreach (var word in words)
        {
            if (stopWords.Contains(word.ToLowerInvariant()))
            {
                stop++;
            }
            else if (char.IsUpper(word[0]))
            {
                titleCase++;
            }
        }

        var content = Math.Max(1, words.Count - stop);
        return new LineFeatures(
            words.Count,
            line.Length,
            words.Count == 0 ? 0 : stop / (double)words.Count,
            HtmlArticleExtractor.EndsSentence(line.TrimEnd()),
            UrlOrEmail().IsMatch(line),
            titleCase / (double)content);
    }

    private static (LineClass Class, string? Reason) InitialClass(string line, LineFeatures f, bool useStopWords)
    {
        if (f.Words == 0)
        {
            return (LineClass.Bad, RemovalReasons.TooShort);
        }

        if (f.Chars < 200)
        {
            var reason = BoilerplateVocabulary.ReasonForText(line);
            if (reason is not null)
            {
                return (LineClass.Bad, reason);
            }
        }

        else if (BoilerplateVocabulary.ReasonForLongText(line) is { } longReason)
        {
            return (LineClass.Bad, longReason);
        }

        // Excerpts cut off mid-sentence ("… the new iPad Pro f...") are teasers for other stories.
        if (f.Words >= 5 && (line.EndsWith("...", StringComparison.Ordinal) || line.EndsWith('…')) && !line.EndsWith(".\"...", StringComparison.Ordinal))
        {
            return (LineClass.Bad, RemovalReasons.RelatedLinks);
        }

        if (f.HasUrlOrEmail && f.Words < 30)
        {
            return (LineClass.Bad, RemovalReasons.ContactOrEmail);
        }

        if (!useStopWords)
        {
            return f.Chars >= 100 && f.EndsSentence ? (LineClass.Good, null)
                : f.Chars >= 50 && f.EndsSentence ? (LineClass.NearGood, null)
                : f.Chars >= 25 && f.EndsSentence ? (LineClass.Short, null)
                : (LineClass.Bad, RemovalReasons.LowTextDensity);
        }

        if (f.Words < 8)
        {
            return (LineClass.Short, null);
        }

        // A sentence with a normal share of function words is prose; menus and headline lists are mostly
        // capitalised content words with few stop words and no final punctuation.
        if ((f.Words >= 10 && f.StopDensity >= 0.2 && f.EndsSentence) || (f.Words >= 25 && f.StopDensity >= 0.25) || (f.Chars > 200 && f.StopDensity >= 0.32))
        {
            return (LineClass.Good, null);
        }

        if (f.StopDensity >= 0.25 || (f.EndsSentence && f.StopDensity >= 0.15))
        {
            return (LineClass.NearGood, null);
        }

        return (LineClass.Bad, f.TitleCaseShare > 0.6 ? RemovalReasons.Navigation : RemovalReasons.LowTextDensity);
    }

    /// <summary>Short and near-good lines take the class of their surroundings (jusText's context rules).</summary>
    private static void ResolveByNeighbours(LineClass[] classes)
    {
        var initial = (LineClass[])classes.Clone();
        // Each line's nearest neighbours, found in one pass each way: searching outwards from every line made a dump of
        // many short lines in a row quadratic.
        var previousDecided = Neighbours(initial, -1, skipNearGood: true);
        var nextDecided = Neighbours(initial, +1, skipNearGood: true);
        var previousAny = Neighbours(initial, -1, skipNearGood: false);
        var nextAny = Neighbours(initial, +1, skipNearGood: false);
        for (var i = 0; i < classes.Length; i++)
        {
            if (initial[i] != LineClass.Short)
            {
                continue;
            }

            var prev = previousDecided[i];
            var next = nextDecided[i];
            if (prev == LineClass.Good && next == LineClass.Good)
            {
                classes[i] = LineClass.Good;
            }
            else if (prev == LineClass.Bad && next == LineClass.Bad)
            {
                classes[i] = LineClass.Bad;
            }
            else
            {
                // Between article and furniture: article only when a near-good line sits on the furniture side.
                var nearGoodOnBadSide = (prev == LineClass.Bad && previousAny[i] == LineClass.NearGood)
                    || (next == LineClass.Bad && nextAny[i] == LineClass.NearGood);
                classes[i] = nearGoodOnBadSide ? LineClass.Good : LineClass.Bad;
            }
        }

        for (var i = 0; i < classes.Length; i++)
        {
            if (initial[i] != LineClass.NearGood)
            {
                continue;
            }

            var prev = previousDecided[i];
            var next = nextDecided[i];
            classes[i] = prev == LineClass.Bad && next == LineClass.Bad ? LineClass.Bad : LineClass.Good;
        }
    }

    /// <summary>
    /// For every line, the class of the nearest line before it (<paramref name="step"/> -1) or after it (+1) that is
    /// good or bad (or near-good, unless <paramref name="skipNearGood"/>); bad past either end of the text.
    /// </summary>
    private static LineClass[] Neighbours(LineClass[] classes, int step, bool skipNearGood)
    {
        var result = new LineClass[classes.Length];
        var nearest = LineClass.Bad;
        for (var k = 0; k < classes.Length; k++)
        {
            var i = step < 0 ? k : classes.Length - 1 - k;
            result[i] = nearest;
            var c = classes[i];
            if (c is LineClass.Good or LineClass.Bad || (c == LineClass.NearGood && !skipNearGood))
            {
                nearest = c;
            }
        }

        return result;
    }

    /// <summary>
    /// Five or more short lines in a row are a menu, a tag cloud or a list of links, whatever surrounds them:
    /// the context rule must not turn them into article text just because prose sits above and below.
    /// </summary>
    private static void MarkMenuRuns(LineClass[] initial, LineClass[] classes, LineFeatures[] features, string?[] reasons)
    {
        const int MinRun = 5;
        var start = 0;
        while (start < initial.Length)
        {
            if (initial[start] is not (LineClass.Short or LineClass.Bad))
            {
                start++;
                continue;
            }

            var end = start;
            var shortLines = 0;
            while (end < initial.Length && initial[end] is LineClass.Short or LineClass.Bad)
            {
                shortLines += initial[end] == LineClass.Short ? 1 : 0;
                end++;
            }

            if (end - start >= MinRun && shortLines > 0)
            {
                for (var i = start; i < end; i++)
                {
                    if (initial[i] == LineClass.Short && features[i].Words <= 6)
                    {
                        classes[i] = LineClass.Bad;
                        reasons[i] ??= RemovalReasons.Navigation;
                    }
                }
            }

            start = end;
        }
    }

    /// <summary>
    /// Keeps the article as the best-scoring contiguous run of good lines: good text adds, long stretches of
    /// rejected lines subtract, so teaser lists and comment threads separated from the story by page furniture fall away.
    /// </summary>
    private static void SelectMainRun(LineClass[] initial, LineClass[] classes, LineFeatures[] features, string?[] reasons, bool[] pitch)
    {
        var n = classes.Length;
        var gain = new double[n];
        for (var i = 0; i < n; i++)
        {
            // An appeal box is often an insert between standfirst and body, not the story's end: it costs the run
            // once, at its first line, not line by line.
            gain[i] = pitch[i] ? (i == 0 || !pitch[i - 1] ? -200 : 0)
                : classes[i] == LineClass.Good
                ? features[i].Chars * (initial[i] == LineClass.Short ? 0.5 : 1)
                : reasons[i] switch
                {
                    // A comment-section heading ends the article: nothing below it may join the main run.
                    RemovalReasons.Comments => -100_000,
                    RemovalReasons.RelatedLinks or RemovalReasons.SubscriptionPitch or RemovalReasons.LegalFooter => -400,
                    _ => -Math.Max(30, Math.Min(features[i].Chars, 200)),
                };
        }

        // Maximum-sum subarray: the main run.
        double best = double.MinValue, current = 0;
        int bestStart = 0, bestEnd = -1, start = 0;
        for (var i = 0; i < n; i++)
        {
            if (current <= 0)
            {
                current = 0;
                start = i;
            }

            current += gain[i];
            if (current > best)
            {
                best = current;
                bestStart = start;
                bestEnd = i;
            }
        }

        for (var i = 0; i < n; i++)
        {
            if (classes[i] == LineClass.Good && (i < bestStart || i > bestEnd))
            {
                classes[i] = LineClass.Bad;
                reasons[i] ??= RemovalReasons.RelatedLinks;
            }
        }
    }

    private static void MarkDuplicateHeadings(List<string> lines, LineClass[] classes, string?[] reasons, ArticleMetadata metadata)
    {
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (metadata.Title is not null)
        {
            seen.Add(metadata.Title);
        }

        for (var i = 0; i < lines.Count; i++)
        {
            if (classes[i] != LineClass.Good || lines[i].Length > 200)
            {
                continue;
            }

            if (!seen.Add(CollapseRepeats(lines[i])))
            {
                classes[i] = LineClass.Bad;
                reasons[i] = RemovalReasons.DuplicateHeading;
            }
        }
    }

    /// <summary>
    /// The headline sits just above the story: the first kept line when it reads like a headline (kept only by
    /// context, no final punctuation) is cut as metadata; otherwise the nearest headline-like line above the main
    /// run is taken. Dates and captions (credits in brackets) are stepped over.
    /// </summary>
    private static string? FindHeadline(List<string> lines, LineClass[] initial, LineClass[] classes, string?[] reasons, LineFeatures[] features)
    {
        var first = Array.IndexOf(classes, LineClass.Good);
        if (first < 0)
        {
            return null;
        }

        var next = Array.IndexOf(classes, LineClass.Good, first + 1);
        if (next > 0 && initial[first] != LineClass.Good && IsHeadlineLike(lines[first], features[first]))
        {
            classes[first] = LineClass.Bad;
            reasons[first] = RemovalReasons.Metadata;
            return lines[first];
        }

        for (var i = first - 1; i >= Math.Max(0, first - 6); i--)
        {
            if (IsHeadlineLike(lines[i], features[i]) && lines[i].IndexOfAny(['[', '(', '|']) < 0)
            {
                return lines[i];
            }
        }

        return null;
    }

    private static string? HeadlineAboveStory(List<string> lines)
    {
        var story = lines.Take(40).ToList().FindIndex(IsStoryParagraph);
        for (var i = story - 1; i >= Math.Max(0, story - 6); i--)
        {
            var line = lines[i];
            var words = Words(line);
            var features = new LineFeatures(words.Count, line.Length, 0, false, UrlOrEmail().IsMatch(line), 0);
            if (IsHeadlineLike(line, features) && line.IndexOfAny(['[', '(', '|']) < 0)
            {
                return CollapseRepeats(line);
            }
        }

        return null;
    }

    private static bool IsHeadlineLike(string line, LineFeatures f) =>
        f.Words is >= 3 and <= 25 && line.Length < 180 && !line.EndsWith(':')
        && !HtmlArticleExtractor.EndsSentence(line.TrimEnd('’', '‘', '"', '”', '\'', '»', '«'))
        && !f.HasUrlOrEmail && !Byline().IsMatch(line) && !DateLine().IsMatch(line) && !Tagline().IsMatch(line) && BoilerplateVocabulary.ReasonForText(line) is null;

    /// <summary>The page title again (a dump repeats the &lt;title&gt; as the headline), or a line seen earlier.</summary>
    private static bool IsHeadlineRepeat(List<string> lines, int index, ArticleMetadata metadata) =>
        lines[index].Length <= 200
        && ((index > 0 && metadata.Title is not null && string.Equals(lines[index], metadata.Title, StringComparison.OrdinalIgnoreCase))
            || lines.Take(index).Contains(lines[index], StringComparer.OrdinalIgnoreCase));

    /// <summary>A byline ("By Ann Lee") or a line holding a date: metadata, never a headline.</summary>
    internal static bool LooksLikeBylineOrDate(string line) => Byline().IsMatch(line) || DateLine().IsMatch(line);

    private static ArticleMetadata ReadTopMetadata(List<string> lines, ArticleMetadata? known, bool headlineAboveStory = false)
    {
        var metadata = known ?? new ArticleMetadata();
        if (lines.Count == 0)
        {
            return metadata;
        }

        var title = metadata.Title;
        var first = lines[0];
        // A page title may end in a closing quote mark ("... ‘Pulled Into The Enterprise’"): that is no sentence end.
        var firstIsTitle = first.Length <= 200 && Words(first).Count is > 0 and <= 30 && !Tagline().IsMatch(first)
            && !HtmlArticleExtractor.EndsSentence(first.TrimEnd('’', '‘', '"', '”', '\'', '»', '«'));
        if (title is null && headlineAboveStory)
        {
            // A cleaned article has no page <title> line: its first line may be a site name or slogan, while the
            // headline is the heading-like line nearest above the first paragraph of prose. A dump saved with blank
            // lines between all its lines has one, and it confirms which line is the headline.
            var story = lines.Take(40).ToList().FindIndex(IsStoryParagraph);
            title = DumpTitle.Choose(lines, story, firstIsTitle ? StripSiteSuffix(CollapseRepeats(first)) : null, HeadlineAboveStory(lines));
        }

        if (title is null && firstIsTitle)
        {
            title = StripSiteSuffix(CollapseRepeats(first));
        }

        IReadOnlyList<string> authors = metadata.Authors;
        var authorRoles = metadata.AuthorRoles;
        var published = metadata.Published;
        foreach (var line in lines.Take(40))
        {
            if (authors.Count == 0 && line.Length <= 100 && Byline().Match(line) is { Success: true } by)
            {
                (authors, authorRoles) = HtmlMetadataReader.SplitByline(by.Groups["names"].Value);
            }

            if (published is null && line.Length <= 80 && DateLine().Match(line) is { Success: true } date)
            {
                published = HtmlMetadataReader.NormalizeDate(date.Value);
            }
        }

        return metadata with { Title = title, Authors = authors, AuthorRoles = authorRoles, Published = published };
    }

    private static string StripSiteSuffix(string title)
    {
        foreach (var separator in new[] { " | ", " - ", " – ", " — " })
        {
            var index = title.LastIndexOf(separator, StringComparison.Ordinal);
            if (index > 15 && title.Length - index <= 40)
            {
                return title[..index];
            }
        }

        return title;
    }

    internal static List<string> Words(string line)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= line.Length; i++)
        {
            var isWord = i < line.Length && (char.IsLetterOrDigit(line[i]) || (start >= 0 && line[i] is '\'' or '’' && i + 1 < line.Length && char.IsLetter(line[i + 1])) || char.GetUnicodeCategory(line[i]) is System.Globalization.UnicodeCategory.NonSpacingMark or System.Globalization.UnicodeCategory.SpacingCombiningMark);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                words.Add(line[start..i]);
                start = -1;
            }
        }

        return words;
    }

    /// <summary>Site slogans: "Creating new perspectives since 2009", "Est. 1851", "Founded in 1998".</summary>
    [GeneratedRegex(@"\b(?:since|est\.?|established(?: in)?|founded(?: in)?)\s+(?:1[6-9]|20)\d{2}\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Tagline();

    [GeneratedRegex(@"https?://|www\.\w|\b[\w.+-]+@[\w-]+\.[\w.]+\b|\[email protected\]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlOrEmail();

    [GeneratedRegex(@"^(?:by|written by|words by|von|par|por|di)\s+(?<names>[\p{Lu}][\p{L}.'’-]+(?:\s+[\p{L}.'’-]+){0,4}(?:\s*(?:,|and|&)\s*[\p{Lu}][\p{L}.'’-]+(?:\s+[\p{L}.'’-]+){0,4})*)\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Byline();

    [GeneratedRegex(@"\b(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{1,2},? \d{4}|\d{1,2} (?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.? \d{4}|\d{4}-\d{2}-\d{2})\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex DateLine();
}
