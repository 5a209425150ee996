using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using Pipeline.Core.Articles;
using Pipeline.Core.Decoding;

namespace Pipeline.Core.Cleaning;

/// <summary>The main text of an HTML page as blocks, with what was cut and the page's metadata.</summary>
internal sealed record HtmlExtraction(IReadOnlyList<string> Paragraphs, IReadOnlyList<RemovedBlock> Removed, ArticleMetadata Metadata);

/// <summary>
/// Finds an HTML page's article text. Three passes: prune what is never article (scripts, navigation, hidden
/// elements, class/id-hinted furniture such as comments, share bars and related links); score candidate containers
/// by the paragraphs they hold (length, commas, link density, class hints) and take the best with the siblings that
/// belong to it; then walk the chosen container into blocks and drop blocks that read like furniture.
/// </summary>
internal static class HtmlArticleExtractor
{
    /// <summary>How many elements a walk visits between looks at the time budget (a look is cheap, but not free).</summary>
    private const int CancellationCheckInterval = 4096;

    private static readonly HtmlParser Parser = new(new HtmlParserOptions
    {
        IsKeepingSourceReferences = false,
        IsScripting = false,
    });

    private static readonly HashSet<string> DroppedTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "script", "style", "noscript", "template", "svg", "canvas", "iframe", "object", "embed", "button", "select",
        "input", "textarea", "option", "link", "meta", "audio", "video", "picture", "img", "source", "map", "dialog",
    };

    private static readonly HashSet<string> FurnitureTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "nav", "aside", "footer", "header", "form", "figcaption", "figure",
    };

    private static readonly HashSet<string> InlineTags = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "span", "em", "strong", "b", "i", "u", "small", "big", "sup", "sub", "abbr", "cite", "code", "q", "mark",
        "time", "font", "s", "strike", "del", "ins", "label", "bdi", "bdo", "dfn", "kbd", "samp", "var", "wbr", "tt", "nobr", "data",
    };

    /// <summary>Paragraph text (in &lt;p&gt; of 60+ characters) that protects an element from pruning by its class name.</summary>
    private const int MinProtectedProse = 400;

    /// <summary>A &lt;noscript&gt; with less text than this is never taken for a parsing accident that holds the page.</summary>
    private const int MinSwallowedText = 500;

    /// <summary>Below this many characters of extracted text, the block-by-block reading is tried as well.</summary>
    private const int FallbackBelow = 800;

    public static HtmlExtraction Extract(string html, CleaningOptions options, CancellationToken cancellationToken = default)
    {
        // The tree builder is quadratic in nesting depth: pages nested deeper than browsers render are flattened first.
        var document = Parser.ParseDocument(HtmlNestingLimiter.Limit(html, HtmlNestingLimiter.MaxDepth, cancellationToken));
        cancellationToken.ThrowIfCancellationRequested();
        var metadata = HtmlMetadataReader.Read(document, out var jsonLdBody);
        var removed = new List<RemovedBlock>();
        var body = document.Body;
        if (body is null)
        {
            return new HtmlExtraction([], removed, metadata);
        }

        var paragraphText = ParagraphTextByElement(body);
        var bodyParagraphText = Math.Max(1, paragraphText.GetValueOrDefault(body));
        cancellationToken.ThrowIfCancellationRequested();
        var bodyTextLength = body.QuerySelector("noscript") is null ? 0 : body.TextContent.Length;
        var captionsTellTheStory = CaptionParagraphText(body, paragraphText) * 2 > bodyParagraphText;
        var proseOutsideComments = Math.Max(1, bodyParagraphText - CommentThreadText(paragraphText));
        var lead = metadata.Description is { } description ? DescriptionAsLead(description) : null;
        Prune(body, new PruneContext(paragraphText, bodyParagraphText, proseOutsideComments, bodyTextLength, captionsTellTheStory, lead), removed, options, cancellationToken);

        var container = ChooseContainer(body, cancellationToken);
        var blocks = new List<TextBlock>();
        var walker = new BlockWalker(blocks);
        walker.Walk(body, container, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();

        var removedByPruning = removed.Count;
        var paragraphs = SelectBlocks(blocks, metadata, removed, options);
        var extractedLength = paragraphs.Sum(p => p.Length);

        // The best-scored container can be the wrong block (a cookie note, a teaser) or yield nothing when the text
        // sits in tables or bare divs. Then the page's blocks are judged one by one as a text dump is (length, stop
        // words, neighbours), and that reading wins when it finds much more prose.
        if (extractedLength < FallbackBelow)
        {
            var asDump = TextDumpCleaner.Clean(string.Join('\n', blocks.Select(b => TextNormalizer.NormalizeInline(b.Text))), options, metadata);
            var dumpLength = asDump.Paragraphs.Sum(p => p.Length);
            if (dumpLength > Math.Max(FallbackBelow / 2, extractedLength * 3) || (dumpLength > extractedLength * 1.5 && Covers(asDump.Paragraphs, paragraphs)))
            {
                removed.RemoveRange(removedByPruning, removed.Count - removedByPruning);
                removed.AddRange(asDump.Removed);
                paragraphs = asDump.Paragraphs.ToList();
                extractedLength = paragraphs.Sum(p => p.Length);
            }
        }

        // Some pages render the story from data: the structured-data body is then the best text there is.
        if (jsonLdBody is { Length: > 200 } && extractedLength < jsonLdBody.Length * 0.4)
        {
            paragraphs = jsonLdBody.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        }

        return new HtmlExtraction(paragraphs, removed, metadata);
    }

    /// <summary>
    /// The block-by-block reading agrees with the container reading (holds nearly all of its text) and finds more:
    /// the container was only part of the story.
    /// </summary>
    internal static bool Covers(IReadOnlyList<string> wider, IReadOnlyList<string> narrower)
    {
        var total = narrower.Sum(p => p.Length);
        if (total == 0)
        {
            return false;
        }

        var known = new HashSet<string>(wider, StringComparer.Ordinal);
        return narrower.Where(known.Contains).Sum(p => p.Length) >= total * 0.8;
    }

    /// <summary>
    /// Paragraph text inside figures and captions (<c>&lt;figcaption&gt;</c>, or a class or itemprop naming a caption;
    /// outermost ones only, so none is counted twice). On a slideshow or gallery page the story is told slide by slide in
    /// the captions, and most of the page's prose sits there: then captions are kept, whichever way they are marked.
    /// </summary>
    private static int CaptionParagraphText(IElement body, Dictionary<IElement, int> paragraphText)
    {
        var captions = body.QuerySelectorAll(CaptionCandidates).Where(IsCaption).ToHashSet();
        for (var e = body; e is not null; e = e.ParentElement)
        {
            if (e.Matches(CaptionCandidates) && IsCaption(e))
            {
                captions.Add(e); // a caption around the whole body holds all the others
            }
        }

        var total = 0;
        foreach (var caption in Outermost(captions))
        {
            // A caption can be a paragraph itself (<p itemprop="caption">): its own text counts as well.
            var own = caption.LocalName == "p" && caption.TextContent.Length >= 60 ? caption.TextContent.Length : 0;
            total += paragraphText.GetValueOrDefault(caption) + own;
        }

        return total;
    }

    /// <summary>Elements that may be captions: figures, and whatever a class or itemprop names a caption (checked by <see cref="IsCaption"/>).</summary>
    private const string CaptionCandidates = "figure, figcaption, [class*=caption], [itemprop*=caption]";

    private static bool IsCaption(IElement element) =>
        element.LocalName is "figure" or "figcaption" || BoilerplateVocabulary.ReasonForHint(Hint(element)) == RemovalReasons.CaptionOrCredit;

    /// <summary>
    /// Paragraph text inside comment threads (outermost ones only, so none is counted twice). Readers' comments are
    /// prose, often more of it than the article, but they are not what the page is about: measured against the whole
    /// page, a paywalled article's teaser under a long thread looked like a small appeal box and was removed.
    /// </summary>
    private static int CommentThreadText(Dictionary<IElement, int> paragraphText)
    {
        // Every ancestor of an element holding paragraph text holds it too, so a thread's enclosing threads are keys as well.
        var threads = paragraphText.Keys.Where(e => BoilerplateVocabulary.ReasonForHint(Hint(e)) == RemovalReasons.Comments).ToHashSet();
        return Outermost(threads).Sum(e => paragraphText[e]);
    }

    /// <summary>The members of a set that no other member contains, so that nested ones are counted once.</summary>
    private static IEnumerable<IElement> Outermost(HashSet<IElement> elements) =>
        elements.Where(element =>
        {
            for (var e = element.ParentElement; e is not null; e = e.ParentElement)
            {
                if (elements.Contains(e))
                {
                    return false;
                }
            }

            return true;
        });

    /// <summary>How much paragraph text (&lt;p&gt; of 60+ chars) each element holds, to protect article containers from hint-based pruning.</summary>
    private static Dictionary<IElement, int> ParagraphTextByElement(IElement body)
    {
        var totals = new Dictionary<IElement, int>();
        foreach (var p in body.QuerySelectorAll("p"))
        {
            var length = p.TextContent.Length;
            if (length < 60)
            {
                continue;
            }

            for (var e = p.ParentElement; e is not null; e = e.ParentElement)
            {
                totals[e] = totals.GetValueOrDefault(e) + length;
            }
        }

        return totals;
    }

    /// <summary>
    /// What pruning compares an element with: the paragraph text under each element, the page's paragraph text (with and
    /// without comment threads), the page's whole text before pruning (measured only when the page has a &lt;noscript&gt;
    /// to judge, else 0), whether figure captions hold most of the page's paragraph text (a slideshow: the captions are
    /// the article), and the page's description as a lead (null when it has none long enough to name a block).
    /// </summary>
    private sealed record PruneContext(Dictionary<IElement, int> ParagraphText, int BodyParagraphText, int ProseOutsideComments, int BodyTextLength, bool CaptionsTellTheStory, string? Lead);

    private static void Prune(IElement body, PruneContext context, List<RemovedBlock> removed, CleaningOptions options, CancellationToken cancellationToken)
    {
        var stack = new Stack<IElement>();
        PushChildren(stack, body);

        var visited = 0;
        while (stack.Count > 0)
        {
            if (++visited % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var element = stack.Pop();
            var reason = PruneReason(element, context);
            if (reason is not null)
            {
                // Detached first, so the removal record holds only the furniture around it.
                var standfirst = reason == RemovalReasons.Metadata ? StandfirstIn(element, context.Lead) : null;
                standfirst?.Remove();
                if (reason != RemovalReasons.Script)
                {
                    var text = element.TextContent;
                    if (!string.IsNullOrWhiteSpace(text))
                    {
                        removed.Add(ParagraphJoiner.Removed(text, reason, options));
                    }
                }

                if (standfirst is not null)
                {
                    element.Replace(standfirst);
                }
                else
                {
                    element.Remove();
                }

                continue;
            }

            PushChildren(stack, element);
        }
    }

    /// <summary>Pushes children last-first so they pop in document order.</summary>
    private static void PushChildren(Stack<IElement> stack, IElement element)
    {
        // One enumeration into an array: indexing AngleSharp's Children collection (or walking sibling links) is
        // linear per step, which made pages with tens of thousands of paragraphs quadratic.
        var children = element.Children.ToArray();
        for (var i = children.Length - 1; i >= 0; i--)
        {
            stack.Push(children[i]);
        }
    }

    private static string? PruneReason(IElement element, PruneContext context)
    {
        var paragraphText = context.ParagraphText;
        var bodyParagraphText = context.BodyParagraphText;
        var tag = element.LocalName;
        if (DroppedTags.Contains(tag))
        {
            return tag == "noscript" && SwallowedThePage(element, context) ? null : RemovalReasons.Script;
        }

        // An element holding most of the page's paragraph text is the article (or wraps it), whatever its markup says.
        var holdsArticle = paragraphText.GetValueOrDefault(element) * 2 > bodyParagraphText;
        if (IsHidden(element))
        {
            return holdsArticle ? null : RemovalReasons.Script;
        }

        if (FurnitureTags.Contains(tag))
        {
            if (holdsArticle || (context.CaptionsTellTheStory && tag is "figure" or "figcaption"))
            {
                return null;
            }

            return tag switch
            {
                "form" => RemovalReasons.Form,
                "figure" or "figcaption" => RemovalReasons.CaptionOrCredit,
                "footer" => RemovalReasons.LegalFooter,
                "header" => RemovalReasons.Metadata,
                _ => RemovalReasons.Navigation,
            };
        }

        if (tag is "article" or "main" or "body")
        {
            return null;
        }

        var hint = Hint(element);
        var hinted = BoilerplateVocabulary.ReasonForHint(hint);
        if (hinted is null || holdsArticle || (hinted == RemovalReasons.CaptionOrCredit && context.CaptionsTellTheStory))
        {
            return null;
        }

        // Author and date boxes are judged by their text: a class like "post-meta" also sits on real content wrappers.
        if (hinted == RemovalReasons.Metadata && paragraphText.GetValueOrDefault(element) > 0)
        {
            return null;
        }

        // Class names are weaker evidence than the text itself: "node-promoted", "has-paywall" or "elementor-widget"
        // sit on article bodies too. An element holding several paragraphs of unlinked prose is left for scoring;
        // only comment threads and related-link lists, which are prose or teasers by nature, go by their name. Appeal
        // boxes are prose too: a subscription hint ("has-paywall") is overruled only by a quarter of the page's prose
        // (comment threads not counted).
        var protectedByProse = hinted switch
        {
            RemovalReasons.Comments or RemovalReasons.RelatedLinks => false,
            RemovalReasons.SubscriptionPitch => paragraphText.GetValueOrDefault(element) * 4 > context.ProseOutsideComments && HoldsProse(element, paragraphText),
            _ => HoldsProse(element, paragraphText),
        };
        return protectedByProse ? null : hinted;
    }

    /// <summary>
    /// A browser runs scripts, so it reads a &lt;noscript&gt; as raw text that ends at the first &lt;/noscript&gt;. We
    /// parse without scripting, so markup inside is parsed as markup, and an element opened there and never closed
    /// (<c>&lt;noscript&gt;&lt;div&gt;&lt;/noscript&gt;</c>) pulls the rest of the page into the noscript. One that holds most of
    /// the page's text is that accident, not a fallback message, and is read as part of the page.
    /// </summary>
    private static bool SwallowedThePage(IElement noscript, PruneContext context)
    {
        // Most noscripts hold a pixel or a one-line message: no need to measure the page for those.
        var length = noscript.TextContent.Length;
        return length >= MinSwallowedText && length * 2 > context.BodyTextLength;
    }

    /// <summary>
    /// The standfirst inside a story's &lt;header&gt; (one within an &lt;article&gt; or &lt;main&gt;, not the site's): the
    /// paragraph or subheading that the page's description repeats. The header goes as metadata (headline, byline,
    /// breadcrumb); its standfirst stays in its place, where the described-lead rule judges it like any other block.
    /// Only that block: keeping the whole header moved the choice of container (the headline it holds pulls the choice
    /// up to wider wrappers) and brought bylines and widgets in.
    /// </summary>
    private static IElement? StandfirstIn(IElement element, string? lead)
    {
        if (lead is null || element.LocalName != "header" || element.ParentElement?.Closest("article, main") is null)
        {
            return null;
        }

        return element.QuerySelectorAll("p, h2, h3, h4, h5, h6")
            .FirstOrDefault(block => IsDescribedBy(TextNormalizer.NormalizeInline(block.TextContent), lead));
    }

    /// <summary>Prose enough to be article text whatever the markup says: paragraphs of 400+ characters, few of them links.</summary>
    private static bool HoldsProse(IElement element, Dictionary<IElement, int> paragraphText) =>
        paragraphText.GetValueOrDefault(element) >= MinProtectedProse && TextLengths.MeasuredLinkDensity(element) < 0.2;

    private static bool IsHidden(IElement element)
    {
        if (element.HasAttribute("hidden"))
        {
            return true;
        }

        var style = element.GetAttribute("style");
        if (style is not null && style.Contains("none", StringComparison.OrdinalIgnoreCase))
        {
            var compact = style.Replace(" ", string.Empty, StringComparison.Ordinal);
            if (compact.Contains("display:none", StringComparison.OrdinalIgnoreCase) || compact.Contains("visibility:hidden", StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return string.Equals(element.GetAttribute("aria-hidden"), "true", StringComparison.OrdinalIgnoreCase);
    }

    internal static string Hint(IElement element)
    {
        var className = element.GetAttribute("class");
        var id = element.Id;
        var role = element.GetAttribute("role");
        var itemprop = element.GetAttribute("itemprop");
        if (className is null && id is null && role is null && itemprop is null)
        {
            return string.Empty;
        }

        return string.Concat(className, " ", id, " ", role, " ", itemprop);
    }

    /// <summary>Scores elements by the paragraphs they hold and returns the set of elements that make up the article.</summary>
    private static HashSet<IElement> ChooseContainer(IElement body, CancellationToken cancellationToken)
    {
        var scores = new Dictionary<IElement, double>();
        var textLengths = new TextLengths(body);
        var visited = 0;
        foreach (var element in body.QuerySelectorAll("p, pre, td, blockquote, li, div, section, dd"))
        {
            if (++visited % CancellationCheckInterval == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (element.LocalName is "div" or "section" or "li" or "td" or "dd" && !HasDirectText(element))
            {
                continue;
            }

            var text = OwnText(element);
            if (text.Length < 25)
            {
                continue;
            }

            var score = 1.0 + CountCommas(text) + Math.Min(text.Length / 100.0, 3);
            var level = 0;
            // A div that holds its text directly is itself the paragraph's container, not its parent.
            var first = element.LocalName is "div" or "section" or "td" or "dd" ? element : element.ParentElement;
            for (var ancestor = first; ancestor is not null && level < 4; ancestor = ancestor.ParentElement, level++)
            {
                if (!scores.ContainsKey(ancestor))
                {
                    scores[ancestor] = InitialScore(ancestor);
                }

                scores[ancestor] += level switch { 0 => score, 1 => score / 2, _ => score / (level * 3) };

                // Credit stops at an <article>: a wrapper of several articles is a listing, and must not
                // outscore the one article the page is about by summing its teasers.
                if (ancestor == body || ancestor.LocalName == "article")
                {
                    break;
                }
            }
        }

        if (scores.Count == 0)
        {
            return [body];
        }

        var finalScores = new Dictionary<IElement, double>(scores.Count);
        foreach (var (element, score) in scores)
        {
            finalScores[element] = score * (1 - textLengths.LinkDensity(element));
        }

        // The page's main heading sits with the story it heads; teasers and sidebars do not hold it. The heading
        // decides between separate candidates. It does not lift a wrapper over the one candidate inside it that stands
        // out from all others: that wrapper adds only the headline and the furniture around the story (byline and
        // dateline, "Report error", a list of other headlines).
        var mainHeading = body.QuerySelector("h1");
        var leader = StandingOut(finalScores);
        IElement? best = null;
        var bestScore = double.MinValue;
        foreach (var element in scores.Keys)
        {
            var final = finalScores[element];
            if (mainHeading is not null && element.Contains(mainHeading) && (leader is null || element == leader || !IsAncestorOf(element, leader)))
            {
                final *= 1.25;
                finalScores[element] = final;
            }

            if (final > bestScore)
            {
                bestScore = final;
                best = element;
            }
        }

        best ??= body;

        // An article split into several wrappers (one per paragraph, ads between them) gives several near-equal
        // candidates: their common ancestor is the article (Readability's alternative-ancestor rule).
        var rivals = finalScores.Where(p => p.Key != best && p.Value >= bestScore * 0.75).OrderByDescending(p => p.Value).Take(5).Select(p => p.Key).ToList();
        // Rivals that each sit in their own <article> are teasers of other posts, not parts of this one.
        var rivalArticles = rivals.Select(r => r.Closest("article")).Where(a => a is not null).Distinct().Count();
        if (rivals.Count >= 3 && rivalArticles < 2)
        {
            for (var ancestor = best.ParentElement; ancestor is not null && ancestor != body; ancestor = ancestor.ParentElement)
            {
                if (rivals.Count(r => ancestor.Contains(r)) >= 3)
                {
                    best = ancestor;
                    bestScore = Math.Max(bestScore, finalScores.GetValueOrDefault(ancestor));
                    break;
                }
            }
        }

        // Climb while the parent is about as good: articles split into several sibling wrappers score on the parent too.
        var lastScore = bestScore;
        for (var parent = best.ParentElement; parent is not null && parent != body.ParentElement; parent = parent.ParentElement)
        {
            if (!finalScores.TryGetValue(parent, out var parentScore))
            {
                if (parent.ChildElementCount == 1)
                {
                    best = parent;
                    continue;
                }

                break;
            }

            if (parentScore < lastScore / 3)
            {
                break;
            }

            if (parentScore > bestScore * 0.9)
            {
                best = parent;
                bestScore = Math.Max(bestScore, parentScore);
            }

            lastScore = parentScore;
        }

        var selected = new HashSet<IElement> { best };
        if (best.ParentElement is { } container && best != body)
        {
            var threshold = Math.Max(10, bestScore * 0.2);
            foreach (var sibling in container.Children)
            {
                // Sibling <article>s are other posts of a listing (or "you may also like"), not more of this one.
                if (sibling == best || (sibling.LocalName == "article" && best.LocalName == "article"))
                {
                    continue;
                }

                if (finalScores.TryGetValue(sibling, out var siblingScore) && siblingScore >= threshold)
                {
                    selected.Add(sibling);
                    continue;
                }

                if (sibling.LocalName == "p")
                {
                    var text = sibling.TextContent.Trim();
                    var density = textLengths.LinkDensity(sibling);
                    if ((text.Length > 80 && density < 0.25) || (text.Length > 0 && density == 0 && EndsSentence(text)))
                    {
                        selected.Add(sibling);
                    }
                }
            }
        }

        AddSameClassParts(best, bestScore, finalScores, selected, textLengths);
        return selected;
    }

    /// <summary>
    /// The best-scored candidate when no candidate outside its own line (its ancestors and descendants) comes within
    /// three quarters of it; null when it has rivals, as an article cut into several near-equal sections does.
    /// </summary>
    internal static IElement? StandingOut(Dictionary<IElement, double> scores)
    {
        var (leader, leaderScore) = scores.MaxBy(p => p.Value);
        foreach (var (element, score) in scores)
        {
            if (score >= leaderScore * 0.75 && element != leader && !IsAncestorOf(element, leader) && !IsAncestorOf(leader, element))
            {
                return null;
            }
        }

        return leader;
    }

    private static bool IsAncestorOf(IElement ancestor, IElement element)
    {
        for (var e = element.ParentElement; e is not null; e = e.ParentElement)
        {
            if (e == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Long stories are often cut into sections by figures or pull quotes, each section in a wrapper with the
    /// same class as the best one; those wrappers are the rest of the article.
    /// </summary>
    private static void AddSameClassParts(IElement best, double bestScore, Dictionary<IElement, double> finalScores, HashSet<IElement> selected, TextLengths textLengths)
    {
        var className = best.ClassName;
        if (string.IsNullOrWhiteSpace(className) || best.LocalName is "article" or "body" or "main")
        {
            return;
        }

        // Content-named wrappers are taken anywhere in the story's <article>. Layout classes ("rte", "col-md-9", "row")
        // repeat all over a page: a wrapper named only by layout is taken when it is a cousin of the best one (the same
        // grandparent: a page builder's next row) and holds a sentence of prose, so that a byline row is not.
        IElement? cousinsUnder = null;
        if (!BoilerplateVocabulary.IsPositiveHint(className))
        {
            if (best.ParentElement?.ParentElement is not { } grandparent || grandparent.LocalName is "body")
            {
                return;
            }

            cousinsUnder = grandparent;
        }

        var article = best.Closest("article");
        // "Is it inside, or around, a selected element" answered through ancestors (O(depth)) rather than by testing
        // every selected element: a listing of thousands of same-class wrappers made the loop quadratic.
        var aroundSelected = new HashSet<INode>();
        foreach (var part in selected)
        {
            AddInclusiveAncestors(part, aroundSelected);
        }

        foreach (var (element, score) in finalScores)
        {
            if (score < bestScore * 0.1 || element.LocalName != best.LocalName || element.ClassName != className
                || aroundSelected.Contains(element) || HasInclusiveAncestorIn(element, selected) || element.Closest("article") != article
                || textLengths.LinkDensity(element) > 0.3
                || (cousinsUnder is not null && (element.ParentElement?.ParentElement != cousinsUnder || !HoldsASentence(element))))
            {
                continue;
            }

            selected.Add(element);
            AddInclusiveAncestors(element, aroundSelected);
        }
    }

    /// <summary>A paragraph of at least 80 characters that ends a sentence: prose, not a byline or a label.</summary>
    private static bool HoldsASentence(IElement element) =>
        element.QuerySelectorAll("p").Append(element).Any(p => OwnText(p) is { Length: >= 80 } text && EndsSentence(text));

    private static void AddInclusiveAncestors(INode node, HashSet<INode> set)
    {
        for (INode? n = node; n is not null && set.Add(n); n = n.Parent)
        {
        }
    }

    private static bool HasInclusiveAncestorIn(IElement element, HashSet<IElement> set)
    {
        for (var e = element; e is not null; e = e.ParentElement)
        {
            if (set.Contains(e))
            {
                return true;
            }
        }

        return false;
    }

    private static double InitialScore(IElement element)
    {
        var score = element.LocalName switch
        {
            "article" => 10,
            "main" => 5,
            "div" or "section" => 5,
            "pre" or "td" or "blockquote" => 3,
            "address" or "ol" or "ul" or "dl" or "dd" or "dt" or "li" or "form" => -3,
            "h1" or "h2" or "h3" or "h4" or "h5" or "h6" or "th" => -5,
            _ => 0,
        };
        var hint = Hint(element);
        if (BoilerplateVocabulary.IsPositiveHint(hint))
        {
            score += 25;
        }

        if (BoilerplateVocabulary.IsNegativeHint(hint))
        {
            score -= 25;
        }

        return score;
    }

    private static bool HasDirectText(IElement element)
    {
        foreach (var child in element.ChildNodes)
        {
            if (child is IText text && text.Data.AsSpan().Trim().Length > 20)
            {
                return true;
            }
        }

        return false;
    }

    private static string OwnText(IElement element)
    {
        if (element.LocalName is not ("div" or "section" or "li" or "td" or "dd"))
        {
            return element.TextContent.Trim();
        }

        var builder = new StringBuilder();
        foreach (var child in element.ChildNodes)
        {
            if (child is IText text)
            {
                builder.Append(text.Data);
            }
            else if (child is IElement inline && InlineTags.Contains(inline.LocalName))
            {
                builder.Append(inline.TextContent);
            }
        }

        return builder.ToString().Trim();
    }

    private static int CountCommas(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (c is ',' or '،' or '、' or '，')
            {
                count++;
            }
        }

        return count;
    }

    internal static bool EndsSentence(string text) => text.Length > 0 && text[^1] is '.' or '!' or '?' or '"' or '”' or '»' or '。' or '！' or '？' or '’' or ')';

    private static List<string> SelectBlocks(List<TextBlock> blocks, ArticleMetadata metadata, List<RemovedBlock> removed, CleaningOptions options)
    {
        var kept = new List<string>();
        var decided = new List<(TextBlock Block, string Text, string? Reason)>(blocks.Count);
        var title = metadata.Title is null ? null : TextNormalizer.NormalizeInline(metadata.Title);
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            var text = TextNormalizer.NormalizeInline(block.Text);
            if (text.Length == 0)
            {
                continue;
            }

            decided.Add((block, text, block.Container < 0 ? OutsideReason(block, text) : InsideReason(block, text, title)));
        }

        AdoptProseAbove(decided);
        AdoptDescribedLead(decided, metadata.Description);
        MarkOrphanHeadings(decided);
        foreach (var (_, text, reason) in decided)
        {
            if (reason is null)
            {
                kept.Add(text);
            }
            else
            {
                removed.Add(ParagraphJoiner.Removed(text, reason, options));
            }
        }

        return kept;
    }

    /// <summary>Outside-container blocks this far from the kept text (in blocks that are not prose) are not adopted.</summary>
    private const int MaxAdoptionGap = 2;

    /// <summary>
    /// The chosen container is often only the body of the story: the standfirst or first paragraphs sit in a header
    /// wrapper above it. Prose blocks (full sentences, hardly any links, no furniture wording) right above the kept
    /// text, with at most a label or two between, are the story's. Below the story, the same shape is more often an
    /// author's bio or the teaser of another article, so nothing is adopted there.
    /// </summary>
    private static void AdoptProseAbove(List<(TextBlock Block, string Text, string? Reason)> decided)
    {
        var first = decided.FindIndex(d => d.Reason is null && d.Block.Container >= 0);
        var gap = 0;
        for (var i = first - 1; i >= 0 && gap <= MaxAdoptionGap; i--)
        {
            var (block, text, reason) = decided[i];
            if (block.Container >= 0 || reason != RemovalReasons.LowTextDensity)
            {
                // Furniture by wording or links (or a block of the container cut for its own reasons) ends the story here.
                return;
            }

            if (IsAdoptableProse(block, text))
            {
                decided[i] = (block, text, null);
                gap = 0;
            }
            else
            {
                gap++;
            }
        }
    }

    /// <summary>A page description shorter than this is too generic ("News from the city") to name a block of the page.</summary>
    private const int MinDescribingLength = 60;

    /// <summary>
    /// The page's own description (og:description, JSON-LD) is very often the story's lead paragraph, copied whole or cut
    /// short. A paragraph (or a subheading: a standfirst) outside the chosen container that is that text, dropped only
    /// for its shape (short, or in a teaser-like wrapper), is the lead the publisher chose to show; it is kept. Only one block is adopted, and never
    /// one that is mostly links.
    /// </summary>
    private static void AdoptDescribedLead(List<(TextBlock Block, string Text, string? Reason)> decided, string? description)
    {
        if (description is null)
        {
            return;
        }

        var lead = DescriptionAsLead(description);
        if (lead is null || decided.Any(d => d.Reason is null && d.Text.Contains(lead, StringComparison.Ordinal)))
        {
            return;
        }

        var index = decided.FindIndex(d => d.Reason is RemovalReasons.LowTextDensity or RemovalReasons.RelatedLinks
            && d.Block.Container < 0 && (d.Block.Kind is BlockKind.Paragraph or BlockKind.Quote || IsStandfirstHeading(d.Block)) && d.Block.LinkDensity < 0.5
            && IsDescribedBy(d.Text, lead));
        if (index >= 0)
        {
            decided[index] = (decided[index].Block, decided[index].Text, null);
        }
    }

    /// <summary>The description as the lead it may repeat (normalised, without its closing stop); null when too short to name a block.</summary>
    private static string? DescriptionAsLead(string description)
    {
        var lead = TextNormalizer.NormalizeInline(description).TrimEnd('.', '…', ' ');
        return lead.Length < MinDescribingLength ? null : lead;
    }

    /// <summary>
    /// Standfirsts are often marked up as a subheading (<c>&lt;h2 class="standfirst"&gt;</c>); one that is the page's own
    /// description is the lead, not a label. Never the &lt;h1&gt;: that is the title.
    /// </summary>
    private static bool IsStandfirstHeading(TextBlock block) => block.Kind == BlockKind.Heading && block.HeadingLevel > 1;

    /// <summary>
    /// The block opens with the description (a description is often the lead cut short), or the block is the opening of a
    /// longer description; a block many times longer than the description is more than a lead and is left to the rest.
    /// </summary>
    internal static bool IsDescribedBy(string blockText, string lead) =>
        (blockText.Length <= lead.Length * 3 && blockText.StartsWith(lead, StringComparison.Ordinal))
        || (blockText.Length >= MinDescribingLength && lead.StartsWith(blockText.TrimEnd('.', '…', ' '), StringComparison.Ordinal));

    private static bool IsAdoptableProse(TextBlock block, string text) =>
        block.Kind is BlockKind.Paragraph or BlockKind.Quote && text.Length >= 100 && block.LinkDensity < 0.15 && EndsSentence(text);

    /// <summary>
    /// A heading or a short label ("Related posts", "Kommentare:") under which nothing is kept, down to the next
    /// heading or the end, introduced furniture that is gone: it goes too, with the reason of what it introduced.
    /// </summary>
    private static void MarkOrphanHeadings(List<(TextBlock Block, string Text, string? Reason)> decided)
    {
        for (var i = 0; i < decided.Count; i++)
        {
            var (block, text, reason) = decided[i];
            // Questions and sentences are the story's own subheadings; labels of furniture are bare words.
            var isLabel = (block.Kind == BlockKind.Heading && text.Length <= 80 && !EndsSentence(text)) || (text.Length <= 60 && text.EndsWith(':'));
            if (reason is not null || !isLabel || block.Container < 0)
            {
                continue;
            }

            string? introduced = null;
            var keptBelow = false;
            for (var j = i + 1; j < decided.Count && decided[j].Block.Kind != BlockKind.Heading; j++)
            {
                if (decided[j].Reason is null)
                {
                    keptBelow = true;
                    break;
                }

                introduced ??= decided[j].Reason;
            }

            if (!keptBelow)
            {
                decided[i] = (block, text, introduced ?? RemovalReasons.Navigation);
            }
        }
    }

    private static string OutsideReason(TextBlock block, string text) =>
        BoilerplateVocabulary.ReasonForText(text)
        ?? (block.LinkDensity > 0.5 ? RemovalReasons.Navigation : RemovalReasons.LowTextDensity);

    private static string? InsideReason(TextBlock block, string text, string? title)
    {
        if (block.Kind == BlockKind.Heading && block.HeadingLevel == 1)
        {
            return RemovalReasons.DuplicateHeading;
        }

        if (title is not null && block.Kind == BlockKind.Heading && string.Equals(text, title, StringComparison.OrdinalIgnoreCase))
        {
            return RemovalReasons.DuplicateHeading;
        }

        if (block.LinkDensity > 0.6 && (text.Length < 300 || block.Kind == BlockKind.ListItem))
        {
            return RemovalReasons.RelatedLinks;
        }

        if (text.Length < 160)
        {
            var byText = BoilerplateVocabulary.ReasonForText(text);
            if (byText is not null)
            {
                return byText;
            }
        }

        return null;
    }

    /// <summary>Flattens the DOM into blocks, remembering which belong to the chosen container.</summary>
    private sealed class BlockWalker(List<TextBlock> blocks)
    {
        private readonly StringBuilder current = new();
        private int currentLinkChars;
        private int linkDepth;
        private BlockKind currentKind = BlockKind.Paragraph;
        private int headingLevel;
        private int container = -1;

        public void Walk(IElement root, HashSet<IElement> selected, CancellationToken cancellationToken)
        {
            // An explicit stack, not recursion: a stack overflow cannot be caught and would take the whole host down.
            var steps = new Stack<Step>();
            steps.Push(Step.Enter(root));
            var visited = 0;
            while (steps.Count > 0)
            {
                if (++visited % CancellationCheckInterval == 0)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                }

                var step = steps.Pop();
                if (step.Node is { } node)
                {
                    Enter(node, selected, steps);
                }
                else
                {
                    Exit(step);
                }
            }

            Flush();
        }

        private void Enter(INode node, HashSet<IElement> selected, Stack<Step> steps)
        {
            if (node is IText text)
            {
                var data = text.Data;
                if (linkDepth > 0)
                {
                    currentLinkChars += data.Trim().Length;
                }

                current.Append(data);
                return;
            }

            if (node is not IElement element)
            {
                return;
            }

            var tag = element.LocalName;
            if (tag == "br")
            {
                Flush();
                return;
            }

            var entersContainer = container < 0 && selected.Contains(element);
            if (entersContainer)
            {
                Flush();
                container = 0;
            }

            if (tag is "td" or "th")
            {
                // Cells stay in their row's block: a table row reads as one line.
                steps.Push(new Step(null, ExitKind.Cell, currentKind, headingLevel, entersContainer));
            }
            else if (InlineTags.Contains(tag))
            {
                var isLink = tag == "a";
                if (isLink)
                {
                    linkDepth++;
                }

                steps.Push(new Step(null, isLink ? ExitKind.Link : ExitKind.Inline, currentKind, headingLevel, entersContainer));
            }
            else
            {
                Flush();
                var (kind, level) = tag switch
                {
                    "h1" => (BlockKind.Heading, 1),
                    "h2" => (BlockKind.Heading, 2),
                    "h3" => (BlockKind.Heading, 3),
                    "h4" => (BlockKind.Heading, 4),
                    "h5" => (BlockKind.Heading, 5),
                    "h6" => (BlockKind.Heading, 6),
                    "li" or "dt" or "dd" => (BlockKind.ListItem, 0),
                    "blockquote" => (BlockKind.Quote, 0),
                    "tr" => (BlockKind.TableRow, 0),
                    "pre" => (BlockKind.Preformatted, 0),
                    _ => (BlockKind.Paragraph, 0),
                };
                steps.Push(new Step(null, ExitKind.Block, currentKind, headingLevel, entersContainer));
                if (kind != BlockKind.Paragraph || currentKind == BlockKind.Paragraph)
                {
                    currentKind = kind;
                    headingLevel = level;
                }
            }

            // Children last-first so they pop in document order, all before this element's exit step.
            var children = element.ChildNodes.ToArray();
            for (var i = children.Length - 1; i >= 0; i--)
            {
                steps.Push(Step.Enter(children[i]));
            }
        }

        private void Exit(Step step)
        {
            switch (step.Exit)
            {
                case ExitKind.Cell:
                    current.Append(' ');
                    break;
                case ExitKind.Link:
                    linkDepth--;
                    break;
                case ExitKind.Block:
                    Flush();
                    currentKind = step.PreviousKind;
                    headingLevel = step.PreviousLevel;
                    break;
                case ExitKind.Inline:
                default:
                    break;
            }

            if (step.EntersContainer)
            {
                Flush();
                container = -1;
            }
        }

        private void Flush()
        {
            if (current.Length == 0)
            {
                return;
            }

            var text = current.ToString();
            current.Clear();
            if (!string.IsNullOrWhiteSpace(text))
            {
                blocks.Add(new TextBlock(text, currentKind)
                {
                    LinkChars = currentLinkChars,
                    HeadingLevel = headingLevel,
                    Container = container,
                });
            }

            currentLinkChars = 0;
        }
    }

    private enum ExitKind
    {
        Inline,
        Link,
        Cell,
        Block,
    }

    /// <summary>One step of the block walk: entering a node, or leaving an element (with the state to restore).</summary>
    private readonly record struct Step(INode? Node, ExitKind Exit, BlockKind PreviousKind, int PreviousLevel, bool EntersContainer)
    {
        public static Step Enter(INode node) => new(node, ExitKind.Inline, BlockKind.Paragraph, 0, false);
    }

    /// <summary>
    /// Text and link-text lengths of every element under a root, from one walk. Asking each candidate for its
    /// TextContent and its links instead costs its whole subtree per candidate: quadratic when candidates nest deep.
    /// </summary>
    private sealed class TextLengths
    {
        private readonly Dictionary<IElement, (int Text, int Links)> lengths = [];

        public TextLengths(IElement root)
        {
            var stack = new Stack<(IElement Element, bool ChildrenDone)>();
            stack.Push((root, false));
            while (stack.Count > 0)
            {
                var (element, childrenDone) = stack.Pop();
                if (!childrenDone)
                {
                    stack.Push((element, true));
                    foreach (var child in element.Children)
                    {
                        stack.Push((child, false));
                    }

                    continue;
                }

                var text = 0;
                var links = 0;
                foreach (var node in element.ChildNodes)
                {
                    if (node is IText textNode)
                    {
                        text += textNode.Data.Length;
                    }
                    else if (node is IElement child && lengths.TryGetValue(child, out var inner))
                    {
                        text += inner.Text;
                        // As querying the element's <a> descendants would: each link's whole text, nested links again.
                        links += inner.Links + (child.LocalName == "a" ? inner.Text : 0);
                    }
                }

                lengths[element] = (text, links);
            }
        }

        /// <summary>The share of the element's text inside links, 0 to 1.</summary>
        public double LinkDensity(IElement element)
        {
            var (text, links) = lengths.TryGetValue(element, out var known) ? known : Measure(element);
            return text == 0 ? 0 : Math.Min(1, links / (double)text);
        }

        /// <summary>
        /// Link density measured directly (a walk of the element): for the prose check of class-hinted elements, which
        /// runs before the page is measured and only on elements with 400+ characters of paragraph text.
        /// </summary>
        public static double MeasuredLinkDensity(IElement element)
        {
            var (text, links) = Measure(element);
            return text == 0 ? 0 : Math.Min(1, links / (double)text);
        }

        /// <summary>For an element outside the measured root (not expected): the same figures, measured directly.</summary>
        private static (int Text, int Links) Measure(IElement element) =>
            (element.TextContent.Length, element.QuerySelectorAll("a").Sum(link => link.TextContent.Length));
    }
}
