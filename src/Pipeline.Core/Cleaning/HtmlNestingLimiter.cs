using System.Text;

namespace Pipeline.Core.Cleaning;

/// <summary>
/// Caps how deep an HTML page nests before the parser sees it. The HTML tree builder checks "is this element in
/// scope" by walking its stack of open elements, once per tag, so a page of 200,000 nested &lt;div&gt; (or 150,000
/// inline tags never closed) costs the square of its depth in AngleSharp: minutes of CPU for a 2.5 MB file. Browsers cap
/// the same way (Chromium's parser stops nesting at 512 levels); we cut the start tags past the cap, and their end tags,
/// out of the source, so their text lands in the deepest element that is kept. Nothing else changes: a page that never
/// goes past the cap is returned as the same string.
/// </summary>
/// <remarks>
/// The scanner follows the tokenizer (comments, raw-text elements such as script and style, quoted attribute values)
/// and models the stack of open elements closely enough to count depth: void elements, the end tags that close an
/// element in scope (each searched within the standard's scope for that tag), the start tags that close an open
/// &lt;p&gt;, &lt;li&gt;, &lt;dd&gt;/&lt;dt&gt;, cell or row, table parts dropped outside a table, and foreign content
/// (inside svg and math every tag nests, until an HTML tag such as &lt;p&gt; or &lt;span&gt; ends it).
/// Formatting elements (&lt;b&gt;, &lt;i&gt;, &lt;a&gt; ...) closed by something else still count until their own end tag:
/// the parser reopens them in the next paragraph, up to three identical ones, so a page of paragraphs that each open
/// a different &lt;b class=...&gt; would otherwise nest one level deeper per paragraph.
/// Leaving an element open that the parser closed is not a safe guess: a later tag that closes it in the model would
/// also take elements the parser still has open, and repeated, the page would nest without limit while the count stayed
/// low. So each close follows the standard's own rule, and the tag-soup property test checks the bound on random markup
/// (by the tbody and similar elements the parser inserts, the count falls short by a constant factor at most). Every
/// step is O(1) amortised, except searches of the stack (an end tag's element, a table tag's mode), which stop at the
/// cap's depth: the whole scan is linear in the page.
/// </remarks>
internal static class HtmlNestingLimiter
{
    /// <summary>The deepest nesting kept, as in Chromium's HTML parser; real pages stay under 100.</summary>
    public const int MaxDepth = 512;

    private static readonly HashSet<string> VoidElements = new(StringComparer.Ordinal)
    {
        "area", "base", "basefont", "bgsound", "br", "col", "embed", "frame", "hr", "image", "img", "input", "keygen", "link", "meta",
        "param", "source", "track", "wbr",
    };

    /// <summary>Elements whose content the tokenizer reads as text up to their own end tag.</summary>
    private static readonly HashSet<string> RawTextElements = new(StringComparer.Ordinal)
    {
        "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
    };

    /// <summary>The HTML standard's "special" elements: an end tag for an ordinary element does not close past them.</summary>
    private static readonly HashSet<string> Special = new(StringComparer.Ordinal)
    {
        "address", "applet", "area", "article", "aside", "base", "basefont", "bgsound", "blockquote", "body", "br", "button", "caption",
        "center", "col", "colgroup", "dd", "details", "dir", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer",
        "form", "frame", "frameset", "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hgroup", "hr", "html", "iframe", "img",
        "input", "keygen", "li", "link", "listing", "main", "marquee", "menu", "meta", "nav", "noembed", "noframes", "noscript",
        "object", "ol", "p", "param", "plaintext", "pre", "script", "search", "section", "select", "source", "style", "summary",
        "table", "tbody", "td", "template", "textarea", "tfoot", "th", "thead", "title", "tr", "track", "ul", "wbr", "xmp",
        "foreignobject", "desc", "mi", "mo", "mn", "ms", "mtext", "annotation-xml",
    };

    /// <summary>The standard's "default scope" markers: a search for an element in scope stops at these.</summary>
    private static readonly HashSet<string> DefaultScope = new(StringComparer.Ordinal)
    {
        "html", "table", "td", "th", "caption", "template", "object", "marquee", "applet",
        "foreignobject", "desc", "title", "mi", "mo", "mn", "ms", "mtext", "annotation-xml",
    };

    /// <summary>"List item scope": the default scope and the lists themselves (an item's end tag does not close past its list).</summary>
    private static readonly HashSet<string> ListItemScope = new(DefaultScope.Concat(["ol", "ul"]), StringComparer.Ordinal);

    /// <summary>"Button scope", where the parser looks for the &lt;p&gt; that a block start tag or &lt;/p&gt; closes.</summary>
    private static readonly HashSet<string> ButtonScope = new(DefaultScope.Append("button"), StringComparer.Ordinal);

    /// <summary>"Table scope", where cell, row and table tags look for what they close.</summary>
    private static readonly HashSet<string> TableScope = new(StringComparer.Ordinal) { "html", "table", "template" };

    /// <summary>A new &lt;li&gt;, &lt;dd&gt; or &lt;dt&gt; closes an open one unless one of these comes first.</summary>
    private static readonly HashSet<string> ItemStoppers = new(Special.Except(["address", "div", "p"]), StringComparer.Ordinal);

    /// <summary>
    /// HTML start tags that end foreign content: inside &lt;svg&gt; or &lt;math&gt; the parser closes every foreign element
    /// before it inserts one of these (font only with a color, face or size attribute).
    /// </summary>
    private static readonly HashSet<string> BreakOutOfForeignContent = new(StringComparer.Ordinal)
    {
        "b", "big", "blockquote", "body", "br", "center", "code", "dd", "div", "dl", "dt", "em", "embed", "h1", "h2", "h3", "h4", "h5",
        "h6", "head", "hr", "i", "img", "li", "listing", "menu", "meta", "nobr", "ol", "p", "pre", "ruby", "s", "small", "span", "strong",
        "strike", "sub", "sup", "table", "tt", "u", "ul", "var",
    };

    /// <summary>
    /// Svg elements whose children are HTML again. Every other child of a foreign element is foreign, whatever its name:
    /// "&lt;svg&gt;&lt;tr&gt;" is an svg element named tr, and "&lt;math&gt;&lt;foreignObject&gt;" a MathML one.
    /// </summary>
    private static readonly HashSet<string> SvgIntegrationPoints = new(StringComparer.Ordinal) { "foreignobject", "desc", "title" };

    /// <summary>MathML elements whose children are HTML again (its text elements; annotation-xml when it holds HTML).</summary>
    private static readonly HashSet<string> MathIntegrationPoints = new(StringComparer.Ordinal)
    {
        "mi", "mo", "mn", "ms", "mtext", "annotation-xml",
    };

    /// <summary>The names of both kinds: an HTML element of such a name is ordinary ("&lt;mi&gt;" outside math is an unknown element).</summary>
    private static readonly HashSet<string> IntegrationPointNames = new(SvgIntegrationPoints.Concat(MathIntegrationPoints), StringComparer.Ordinal);

    private static readonly string[] FontBreakOutAttributes = ["color", "face", "size"];

    /// <summary>The parts of a table, whose start tags the parser ignores when no table is open.</summary>
    private static readonly HashSet<string> TableParts = new(StringComparer.Ordinal)
    {
        "caption", "col", "colgroup", "tbody", "td", "tfoot", "th", "thead", "tr",
    };

    /// <summary>
    /// Start tags that close an open &lt;p&gt; first. Not &lt;table&gt;: it does so only in no-quirks mode, and pages
    /// without a doctype are parsed in quirks mode; counting the &lt;p&gt; as still open can only overcount.
    /// </summary>
    private static readonly HashSet<string> ClosesParagraph = new(StringComparer.Ordinal)
    {
        "address", "article", "aside", "blockquote", "center", "details", "dialog", "dir", "div", "dl", "fieldset", "figcaption", "figure",
        "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "main", "menu", "nav", "ol", "p", "pre", "search",
        "section", "summary", "ul", "li", "dd", "dt", "listing", "xmp", "plaintext",
    };

    private static readonly HashSet<string> Headings = new(StringComparer.Ordinal) { "h1", "h2", "h3", "h4", "h5", "h6" };

    private static readonly HashSet<string> Definitions = new(StringComparer.Ordinal) { "dd", "dt" };

    private static readonly HashSet<string> Cells = new(StringComparer.Ordinal) { "td", "th" };

    /// <summary>A table and the parts that hold rows and cells: directly inside one of these, the table's own rules apply.</summary>
    private static readonly HashSet<string> TableContext = new(StringComparer.Ordinal) { "table", "tbody", "thead", "tfoot", "tr" };

    /// <summary>The formatting elements the parser reopens after something else closed them.</summary>
    private static readonly HashSet<string> Formatting = new(StringComparer.Ordinal)
    {
        "a", "b", "big", "code", "em", "font", "i", "nobr", "s", "small", "strike", "strong", "tt", "u",
    };

    /// <summary>The parser keeps at most this many identical formatting elements to reopen (the standard's "Noah's Ark" clause).</summary>
    private const int ReopenedPerIdenticalTag = 3;

    /// <summary>Returns <paramref name="html"/> with start tags deeper than <paramref name="maxDepth"/> (and their end tags) removed.</summary>
    /// <param name="html">The page.</param>
    /// <param name="maxDepth">Deepest nesting kept; <see cref="MaxDepth"/> in production, smaller in tests.</param>
    /// <param name="cancellationToken">The stage's time budget; checked every 64 Ki characters.</param>
    /// <returns>The same string instance when nothing was cut.</returns>
    public static string Limit(string html, int maxDepth, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(html);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxDepth, 1);
        var state = new Scan(html, maxDepth);
        var nextCheck = 0;
        var i = 0;
        while (i < html.Length)
        {
            if (i >= nextCheck)
            {
                cancellationToken.ThrowIfCancellationRequested();
                nextCheck = i + 65_536;
            }

            var lt = html.IndexOf('<', i);
            if (lt < 0 || lt + 1 >= html.Length)
            {
                break;
            }

            i = state.Step(lt);
            if (i < 0)
            {
                break;
            }
        }

        return state.Result();
    }

    private enum TableMode
    {
        None,
        Table,
        Cell,
        Caption,
    }

    /// <summary>The scanner's state: the modelled stack of open elements and what was cut.</summary>
    private sealed class Scan(string html, int maxDepth)
    {
        /// <summary>Open elements: name, whether it is itself an svg/math element, whether its children are, and its reopen key.</summary>
        private readonly List<(string Name, bool Foreign, bool InMath, bool IntegrationPoint, bool ChildrenForeign, string Key)> stack = [];
        private readonly Dictionary<string, int> open = new(StringComparer.Ordinal);

        /// <summary>Start tags cut below the deepest kept element, by name, so their end tags are cut too.</summary>
        private readonly Dictionary<string, int> cut = new(StringComparer.Ordinal);
        /// <summary>Formatting elements closed by something else, by their start tag's text, newest last per name.</summary>
        private readonly Dictionary<string, int> reopened = new(StringComparer.Ordinal);
        private readonly Dictionary<string, List<string>> reopenedByName = new(StringComparer.Ordinal);
        private int reopenedDepth;
        private StringBuilder? output;
        private int copiedUpTo;

        private int Depth => stack.Count + reopenedDepth;

        public string Result()
        {
            if (output is null)
            {
                return html;
            }

            output.Append(html, copiedUpTo, html.Length - copiedUpTo);
            return output.ToString();
        }

        /// <summary>Reads the markup that starts with the '&lt;' at <paramref name="lt"/>; returns where to continue, or -1 at the end.</summary>
        public int Step(int lt)
        {
            var next = html[lt + 1];
            if (next == '!')
            {
                if (string.CompareOrdinal(html, lt, "<!--", 0, 4) == 0)
                {
                    var close = html.IndexOf("-->", lt + 4, StringComparison.Ordinal);
                    return close < 0 ? -1 : close + 3;
                }

                return SkipTo('>', lt + 2);
            }

            if (next == '?')
            {
                return SkipTo('>', lt + 2);
            }

            var isEnd = next == '/';
            var nameStart = lt + (isEnd ? 2 : 1);
            if (nameStart >= html.Length || !char.IsAsciiLetter(html[nameStart]))
            {
                // "</>" and "</ bogus" are not tags the tree builder sees; "<" before a non-letter is text.
                return isEnd && nameStart < html.Length && html[nameStart] != '>' ? SkipTo('>', nameStart) : lt + 1;
            }

            var nameEnd = nameStart;
            while (nameEnd < html.Length && !IsTagSpace(html[nameEnd]) && html[nameEnd] is not ('/' or '>'))
            {
                nameEnd++;
            }

            var tagEnd = FindTagEnd(nameEnd, out var selfClosing);
            if (tagEnd < 0)
            {
                return -1;
            }

            var name = html.Substring(nameStart, nameEnd - nameStart).ToLowerInvariant();
            if (isEnd)
            {
                EndTag(name, lt, tagEnd);
                return tagEnd + 1;
            }

            if (RawTextElements.Contains(name) && !InForeignContent)
            {
                var close = IndexOfEndTag(name, tagEnd + 1);
                return close < 0 ? -1 : close;
            }

            if (name == "plaintext")
            {
                return -1;
            }

            StartTag(name, selfClosing, lt, tagEnd);
            return tagEnd + 1;
        }

        private bool InForeignContent => stack.Count > 0 && stack[^1].ChildrenForeign;

        private void StartTag(string name, bool selfClosing, int lt, int tagEnd)
        {
            if (InForeignContent && (BreakOutOfForeignContent.Contains(name) || (name == "font" && HasAnyAttribute(lt, tagEnd, FontBreakOutAttributes))))
            {
                // "<svg><span>": the span is an HTML element beside the svg, and what follows nests as HTML again.
                while (InForeignContent)
                {
                    Pop(endsElement: true);
                }
            }

            if (name is "html" or "head" or "body" || VoidElements.Contains(name) || (selfClosing && InForeignContent))
            {
                return;
            }

            if (!InForeignContent)
            {
                if (TableParts.Contains(name))
                {
                    var mode = CurrentTableMode();
                    if (mode == TableMode.None)
                    {
                        // Outside a table the parser drops a cell, row or section tag: it neither opens nor closes anything.
                        return;
                    }

                    CloseForTablePart(name, mode);
                }
                else if (name == "table" && CurrentTableMode() == TableMode.Table)
                {
                    // "<table><table>": a table cannot open directly in another; the parser ends the first.
                    CloseInScope("table", TableScope);
                }

                // In foreign content a start tag only nests ("<svg><tr><tr>" is two svg elements named tr, one in the other).
                CloseImplied(name);
            }

            if (Depth >= maxDepth)
            {
                cut[name] = cut.GetValueOrDefault(name) + 1;
                Cut(lt, tagEnd);
                return;
            }

            // A foreign element takes its parent's namespace ("<math><svg>" is a MathML element named svg).
            var foreign = InForeignContent || name is "svg" or "math";
            var inMath = InForeignContent ? stack[^1].InMath : name == "math";
            var integrationPoint = foreign && (inMath ? MathIntegrationPoints : SvgIntegrationPoints).Contains(name);
            var key = Formatting.Contains(name) && !foreign ? html.Substring(lt, tagEnd - lt + 1).ToLowerInvariant() : name;
            stack.Add((name, foreign, inMath, integrationPoint, foreign && !integrationPoint, key));
            open[name] = open.GetValueOrDefault(name) + 1;
        }

        private void EndTag(string name, int lt, int tagEnd)
        {
            if (cut.TryGetValue(name, out var pending) && pending > 0)
            {
                cut[name] = pending - 1;
                Cut(lt, tagEnd);
                return;
            }

            if (InForeignContent)
            {
                // Inside svg or math an end tag closes the nearest foreign element of its name; once the walk reaches an
                // HTML element, the HTML rules below take the tag.
                for (var index = stack.Count - 1; index >= 0 && stack[index].Foreign; index--)
                {
                    if (stack[index].Name == name)
                    {
                        while (stack.Count > index)
                        {
                            Pop(endsElement: true);
                        }

                        return;
                    }
                }
            }

            var closed = Headings.Contains(name) ? CloseNearest(Headings, DefaultScope) : CloseInScope(name, EndTagScope(name));
            if (!closed && Formatting.Contains(name))
            {
                // The end tag of a formatting element that something else closed: the parser forgets it.
                Forget(name);
            }
        }

        private void Remember(string name, string key)
        {
            var count = reopened.GetValueOrDefault(key);
            reopened[key] = count + 1;
            if (count < ReopenedPerIdenticalTag)
            {
                reopenedDepth++;
            }

            if (!reopenedByName.TryGetValue(name, out var keys))
            {
                reopenedByName[name] = keys = [];
            }

            keys.Add(key);
        }

        private void Forget(string name)
        {
            if (!reopenedByName.TryGetValue(name, out var keys) || keys.Count == 0)
            {
                return;
            }

            var key = keys[^1];
            keys.RemoveAt(keys.Count - 1);
            var count = reopened[key] - 1;
            reopened[key] = count;
            if (count < ReopenedPerIdenticalTag)
            {
                reopenedDepth--;
            }
        }

        /// <summary>
        /// Where the parser looks for the element an end tag closes. Each search must stop where the parser's does: stopping
        /// early leaves an element open in the model that the parser closed, and a later tag that closes it in the model
        /// would then take with it elements the parser still has open, so the count would fall below the real depth.
        /// </summary>
        private static HashSet<string> EndTagScope(string name) => name switch
        {
            "p" => ButtonScope,
            "li" => ListItemScope,
            "td" or "th" or "tr" or "tbody" or "thead" or "tfoot" or "caption" or "table" => TableScope,
            _ when Special.Contains(name) && !IntegrationPointNames.Contains(name) => DefaultScope,
            _ => Special, // any other end tag closes the nearest element of its name unless a special one comes first
        };

        /// <summary>The start tags that end an open element first (a new paragraph ends the last, a new item the last item).</summary>
        private void CloseImplied(string name)
        {
            // An item first closes the item before it (through any p), then the p it is in, as the parser does.
            switch (name)
            {
                case "li":
                    CloseInScope("li", ItemStoppers);
                    break;
                case "dd" or "dt":
                    CloseNearest(Definitions, ItemStoppers);
                    break;
            }

            if (ClosesParagraph.Contains(name))
            {
                CloseInScope("p", ButtonScope);
            }

            switch (name)
            {
                case "a" or "nobr":
                    // A new link ends the open one (the parser's adoption agency), wherever it was closed.
                    if (!CloseInScope(name, Special))
                    {
                        Forget(name);
                    }

                    break;
                case "button":
                    CloseInScope(name, DefaultScope);
                    break;
                case "option" or "optgroup":
                    PopIfTop("option");
                    if (name == "optgroup")
                    {
                        PopIfTop("optgroup");
                    }

                    break;
                default:
                    if (Headings.Contains(name) && stack.Count > 0 && !stack[^1].Foreign && Headings.Contains(stack[^1].Name))
                    {
                        Pop(endsElement: true);
                    }

                    break;
            }
        }

        private void PopIfTop(string name)
        {
            if (stack.Count > 0 && IsHtml(stack.Count - 1, name))
            {
                Pop(endsElement: true);
            }
        }

        /// <summary>Pops up to and including the nearest open HTML <paramref name="name"/>, unless a stopper comes first; true when found.</summary>
        private bool CloseInScope(string name, HashSet<string> stoppers)
        {
            if (open.GetValueOrDefault(name) == 0)
            {
                return false;
            }

            for (var index = stack.Count - 1; index >= 0; index--)
            {
                if (IsHtml(index, name))
                {
                    while (stack.Count > index + 1)
                    {
                        Pop();
                    }

                    // The element itself ends here, by its own end tag or an implied one: nothing to reopen.
                    Pop(endsElement: true);
                    return true;
                }

                if (Stops(index, stoppers))
                {
                    return false;
                }
            }

            return false;
        }

        /// <summary>Whether the open element at <paramref name="index"/> is the HTML element <paramref name="name"/> (an svg "tr" is not a row).</summary>
        private bool IsHtml(int index, string name) => !stack[index].Foreign && stack[index].Name == name;

        /// <summary>
        /// Whether a search stops at the open element at <paramref name="index"/>: an HTML element of the set, or one of
        /// the foreign elements the standard names there (svg's foreignObject, desc, title; MathML's text elements).
        /// </summary>
        private bool Stops(int index, HashSet<string> stoppers) =>
            stoppers.Contains(stack[index].Name) && (stack[index].Foreign ? stack[index].IntegrationPoint : !IntegrationPointNames.Contains(stack[index].Name));

        /// <summary>
        /// Which of the parser's table insertion modes holds, read from the stack as the parser resets it: inside a cell or
        /// caption the rules of the body apply; directly inside a table, section or row, the table's.
        /// </summary>
        private TableMode CurrentTableMode()
        {
            if (open.GetValueOrDefault("table") == 0)
            {
                return TableMode.None;
            }

            for (var index = stack.Count - 1; index >= 0; index--)
            {
                if (stack[index].Foreign)
                {
                    continue;
                }

                switch (stack[index].Name)
                {
                    case "td" or "th":
                        return TableMode.Cell;
                    case "caption":
                        return TableMode.Caption;
                    case "template" or "html":
                        return TableMode.None;
                    case var part when TableContext.Contains(part):
                        return TableMode.Table;
                }
            }

            return TableMode.None;
        }

        /// <summary>
        /// A cell, row or section tag inside a table: it ends the open caption or cell, then everything opened inside the
        /// table outside any cell (the parser placed those before the table, but they are on its stack), then the open row
        /// unless a cell starts in it, then the open section when a new section or caption starts.
        /// </summary>
        private void CloseForTablePart(string name, TableMode mode)
        {
            if (mode == TableMode.Caption)
            {
                CloseInScope("caption", TableScope);
            }
            else if (mode == TableMode.Cell)
            {
                CloseNearest(Cells, TableScope);
            }

            while (stack.Count > 0 && (stack[^1].Foreign || !(TableContext.Contains(stack[^1].Name) || stack[^1].Name is "template" or "html")))
            {
                Pop();
            }

            if (name is "td" or "th")
            {
                return;
            }

            PopIfTop("tr");
            if (name is not "tr")
            {
                PopIfTop("tbody");
                PopIfTop("thead");
                PopIfTop("tfoot");
            }
        }

        /// <summary>Pops up to and including the nearest open element named in <paramref name="names"/>, unless a stopper comes first.</summary>
        private bool CloseNearest(HashSet<string> names, HashSet<string> stoppers)
        {
            if (!names.Any(n => open.GetValueOrDefault(n) > 0))
            {
                return false;
            }

            for (var index = stack.Count - 1; index >= 0; index--)
            {
                var entry = stack[index].Name;
                if (!stack[index].Foreign && names.Contains(entry))
                {
                    return CloseInScope(entry, stoppers);
                }

                if (Stops(index, stoppers))
                {
                    return false;
                }
            }

            return false;
        }

        private void Pop(bool endsElement = false)
        {
            var (name, foreign, _, _, _, key) = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            open[name]--;
            if (!endsElement && !foreign && Formatting.Contains(name))
            {
                Remember(name, key);
            }

            // Cut start tags hung below the element at the cap; once it closes, their end tags are stray like any other.
            cut.Clear();
        }

        private void Cut(int from, int tagEnd)
        {
            output ??= new StringBuilder(html.Length);
            output.Append(html, copiedUpTo, from - copiedUpTo);
            copiedUpTo = tagEnd + 1;
        }

        private int SkipTo(char c, int from)
        {
            var index = html.IndexOf(c, from);
            return index < 0 ? -1 : index + 1;
        }

        /// <summary>The '&gt;' that ends a tag, honouring quoted attribute values; -1 when the file ends first.</summary>
        private int FindTagEnd(int from, out bool selfClosing)
        {
            selfClosing = false;
            var i = from;
            while (i < html.Length)
            {
                var c = html[i];
                if (c == '>')
                {
                    selfClosing = i > from && html[i - 1] == '/';
                    return i;
                }

                if (c == '=')
                {
                    i++;
                    while (i < html.Length && IsTagSpace(html[i]))
                    {
                        i++;
                    }

                    if (i < html.Length && html[i] is '"' or '\'')
                    {
                        var close = html.IndexOf(html[i], i + 1);
                        if (close < 0)
                        {
                            return -1;
                        }

                        i = close + 1;
                        continue;
                    }

                    continue;
                }

                i++;
            }

            return -1;
        }

        /// <summary>Where <c>&lt;/name</c> (any case, followed by space, '/' or '&gt;') starts, from <paramref name="from"/>.</summary>
        private int IndexOfEndTag(string name, int from)
        {
            var i = from;
            while (true)
            {
                var index = html.IndexOf("</" + name, i, StringComparison.OrdinalIgnoreCase);
                if (index < 0)
                {
                    return -1;
                }

                var after = index + 2 + name.Length;
                if (after >= html.Length || IsTagSpace(html[after]) || html[after] is '/' or '>')
                {
                    return index;
                }

                i = index + 1;
            }
        }

        /// <summary>Whether the tag between <paramref name="lt"/> and <paramref name="tagEnd"/> has an attribute of one of these names (values skipped as the tokenizer does).</summary>
        private bool HasAnyAttribute(int lt, int tagEnd, string[] attributes)
        {
            var i = lt + 1;
            while (i < tagEnd && !IsTagSpace(html[i]) && html[i] != '/')
            {
                i++; // the tag's own name
            }

            while (i < tagEnd)
            {
                if (IsTagSpace(html[i]) || html[i] == '/')
                {
                    i++;
                    continue;
                }

                var nameStart = i;
                while (i < tagEnd && !IsTagSpace(html[i]) && html[i] is not ('/' or '='))
                {
                    i++;
                }

                var attribute = html.AsSpan(nameStart, i - nameStart);
                foreach (var wanted in attributes)
                {
                    if (attribute.Equals(wanted, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                while (i < tagEnd && IsTagSpace(html[i]))
                {
                    i++;
                }

                if (i < tagEnd && html[i] == '=')
                {
                    i++;
                    while (i < tagEnd && IsTagSpace(html[i]))
                    {
                        i++;
                    }

                    if (i < tagEnd && html[i] is '"' or '\'')
                    {
                        var close = html.IndexOf(html[i], i + 1);
                        i = close < 0 ? tagEnd : close + 1;
                    }
                    else
                    {
                        while (i < tagEnd && !IsTagSpace(html[i]))
                        {
                            i++;
                        }
                    }
                }
            }

            return false;
        }

        private static bool IsTagSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
    }
}
