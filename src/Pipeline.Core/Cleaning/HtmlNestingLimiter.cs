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
/// element in scope, and the start tags that close an open &lt;p&gt;, &lt;li&gt;, &lt;dd&gt;/&lt;dt&gt;, cell or row.
/// Formatting elements (&lt;b&gt;, &lt;i&gt;, &lt;a&gt; ...) closed by something else still count until their own end tag:
/// the parser reopens them in the next paragraph, up to three identical ones, so a page of paragraphs that each open
/// a different &lt;b class=...&gt; would otherwise nest one level deeper per paragraph.
/// Where it is unsure it assumes the element stays open, so it can only overcount the parser's depth (by the tbody and
/// similar elements the parser inserts it undercounts by a constant factor at most). Every step is O(1) amortised,
/// except searches for an end tag's element, which stop at the cap's depth: the whole scan is linear in the page.
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

    /// <summary>
    /// Where a search for an element in scope stops: the union of the standard's scope markers (default, button, list
    /// item, table). A larger set than the parser uses for a given tag only makes the count higher, never lower.
    /// </summary>
    private static readonly HashSet<string> ScopeBoundaries = new(StringComparer.Ordinal)
    {
        "html", "table", "td", "th", "caption", "template", "object", "marquee", "applet", "button", "ul", "ol", "select",
        "foreignobject", "desc", "mi", "mo", "mn", "ms", "mtext", "annotation-xml",
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

    /// <summary>The scanner's state: the modelled stack of open elements and what was cut.</summary>
    private sealed class Scan(string html, int maxDepth)
    {
        private readonly List<(string Name, bool ChildrenForeign, string Key)> stack = [];
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
            if (name is "html" or "head" or "body" || VoidElements.Contains(name) || (selfClosing && InForeignContent))
            {
                return;
            }

            CloseImplied(name);
            if (Depth >= maxDepth)
            {
                cut[name] = cut.GetValueOrDefault(name) + 1;
                Cut(lt, tagEnd);
                return;
            }

            var foreign = name is "svg" or "math" || (InForeignContent && !Special.Contains(name));
            var key = Formatting.Contains(name) ? html.Substring(lt, tagEnd - lt + 1).ToLowerInvariant() : name;
            stack.Add((name, foreign, key));
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

            if (!CloseInScope(name, Special.Contains(name) ? ScopeBoundaries : Special) && Formatting.Contains(name))
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

        /// <summary>The start tags that end an open element first (a new paragraph ends the last, a new item the last item).</summary>
        private void CloseImplied(string name)
        {
            if (ClosesParagraph.Contains(name))
            {
                CloseInScope("p", ScopeBoundaries);
            }

            switch (name)
            {
                case "li":
                    CloseInScope("li", ScopeBoundaries);
                    break;
                case "dd" or "dt":
                    CloseInScope("dd", ScopeBoundaries);
                    CloseInScope("dt", ScopeBoundaries);
                    break;
                case "td" or "th" or "tr":
                    CloseInScope("td", ScopeBoundaries);
                    CloseInScope("th", ScopeBoundaries);
                    if (name == "tr")
                    {
                        CloseInScope("tr", ScopeBoundaries);
                    }

                    break;
                case "a" or "nobr":
                    // A new link ends the open one (the parser's adoption agency), wherever it was closed.
                    if (!CloseInScope(name, Special))
                    {
                        Forget(name);
                    }

                    break;
                case "button":
                    CloseInScope(name, ScopeBoundaries);
                    break;
                case "option" or "optgroup":
                    PopIfTop("option");
                    if (name == "optgroup")
                    {
                        PopIfTop("optgroup");
                    }

                    break;
                default:
                    if (Headings.Contains(name) && stack.Count > 0 && Headings.Contains(stack[^1].Name))
                    {
                        Pop(endsElement: true);
                    }

                    break;
            }
        }

        private void PopIfTop(string name)
        {
            if (stack.Count > 0 && stack[^1].Name == name)
            {
                Pop(endsElement: true);
            }
        }

        /// <summary>Pops up to and including the nearest open <paramref name="name"/>, unless a stopper comes first; true when found.</summary>
        private bool CloseInScope(string name, HashSet<string> stoppers)
        {
            if (open.GetValueOrDefault(name) == 0)
            {
                return false;
            }

            for (var index = stack.Count - 1; index >= 0; index--)
            {
                var entry = stack[index].Name;
                if (entry == name)
                {
                    while (stack.Count > index + 1)
                    {
                        Pop();
                    }

                    // The element itself ends here, by its own end tag or an implied one: nothing to reopen.
                    Pop(endsElement: true);
                    return true;
                }

                if (stoppers.Contains(entry))
                {
                    return false;
                }
            }

            return false;
        }

        private void Pop(bool endsElement = false)
        {
            var (name, _, key) = stack[^1];
            stack.RemoveAt(stack.Count - 1);
            open[name]--;
            if (!endsElement && Formatting.Contains(name))
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

        private static bool IsTagSpace(char c) => c is ' ' or '\t' or '\n' or '\r' or '\f';
    }
}
