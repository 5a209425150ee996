using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Parser;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Pipeline.Core.Cleaning;

namespace Pipeline.Core.Tests.Hostile;

public class HtmlNestingLimiterTests
{
    private static readonly HtmlParser Parser = new();

    [Fact]
    public void Limit_PageUnderTheCap_ReturnsTheSameString()
    {
        var page = "<html><body><div><p>One <b>two</b></p><ul><li>a<li>b</ul><p>unclosed<p>again<table><tr><td>x<td>y</table></div></body></html>";

        Assert.Same(page, HtmlNestingLimiter.Limit(page, 8, CancellationToken.None));
    }

    [Fact]
    public void Limit_DeepNesting_CutsTagsPastTheCapAndKeepsTheirText()
    {
        var page = Repeat("<div>", 20) + "<p>Kept text.</p>" + Repeat("</div>", 20) + "<p>After.</p>";

        var limited = HtmlNestingLimiter.Limit(page, 5, CancellationToken.None);

        Assert.Equal(Repeat("<div>", 5) + "Kept text." + Repeat("</div>", 5) + "<p>After.</p>", limited);
    }

    [Theory]
    [InlineData("<script>var s = '<div><div><div><div>';</script>")]
    [InlineData("<style>/* <div><div><div><div> */</style>")]
    [InlineData("<!-- <div><div><div><div> -->")]
    [InlineData("<textarea><div><div><div><div></textarea>")]
    [InlineData("<span title='a > <div><div><div><div>'>t</span>")]
    [InlineData("<svg><g/><g/><g/><g/><g/></svg>")]
    [InlineData("<p>a<p>b<p>c<p>d<p>e<p>f")]
    [InlineData("<li>a<li>b<li>c<li>d<li>e<li>f")]
    [InlineData("<h2>a<h3>b<h2>c<h3>d<h2>e<h3>f")]
    public void Limit_MarkupThatDoesNotNest_IsNotCounted(string markup)
    {
        var page = "<html><body><div>" + markup + "</div></body></html>";

        Assert.Same(page, HtmlNestingLimiter.Limit(page, 4, CancellationToken.None));
    }

    [Theory]
    [InlineData("<b><div></b>")] // the adoption agency keeps the depth
    [InlineData("<div><table></div>")] // an end tag cannot close past a table
    [InlineData("<li><ul></li>")] // nor an item past its own list
    [InlineData("<span><div></span>")] // nor an ordinary element past a special one
    [InlineData("<x/>")] // a self-closing slash means nothing on an HTML element
    public void Limit_MisnestingThatKeepsElementsOpen_IsCountedAndCapped(string unit)
    {
        var page = "<html><body>" + Repeat(unit, 3_000) + "<p>text</p></body></html>";

        var limited = HtmlNestingLimiter.Limit(page, 64, CancellationToken.None);

        Assert.InRange(MaxDepth(Parser.ParseDocument(limited)), 1, (2 * 64) + 8);
    }

    /// <summary>
    /// Each unit opens elements the parser keeps open while a model that closed too much, or at the wrong scope, would
    /// think them closed: repeated, the parsed page would nest deeper each time while the limiter counted nothing.
    /// </summary>
    [Theory]
    [InlineData("<td>" + "<span>" + "<span>" + "<span>")] // outside a table the parser ignores a cell tag: it closes nothing
    [InlineData("<tr><span><span><span>")] // nor a row tag
    [InlineData("<h2><ul><p></h2><span><span><span><div>")] // a heading's end tag closes past a list; the p went with it
    [InlineData("<li><section><span><span><span><li>")] // a new item does not close one outside the section it is in
    [InlineData("<dd><dt><span><span><span><dd>")] // a new dd closes the nearest dd or dt, not both
    [InlineData("<h2><ul><h3></h2><span><span><span><h2>")] // a heading's end tag closes whichever heading is open
    [InlineData("<button><ul><span><span><span><button>")] // a new button closes the open one past a list
    [InlineData("<svg><span><g/><g/><g/>")] // an HTML tag ends the svg, and what follows nests as HTML: "<g/>" opens a g
    [InlineData("<table><table></table><span><span><span></table>")] // a table opened directly in a table ends it first
    [InlineData("<table><span><span><td></td><b></span></span></table>")] // a cell ends what was opened outside any cell
    [InlineData("<svg><td><foreignObject><span><span><span></td>")] // in HTML content an end tag does not close an svg element of its name
    [InlineData("<math><foreignObject><tr><tr><tr>")] // foreignObject opens HTML only inside svg: in math, what follows still nests
    [InlineData("<mi><div><span><span></mi>")] // outside math, mi is an ordinary element: its end tag stops at the div
    [InlineData("<svg><tr><tr><tr><tr>")] // inside an svg, a row tag is an svg element that closes nothing
    [InlineData("<svg><svg><svg><font title=' color'>")] // a font ends foreign content only with a color, face or size attribute
    public void Limit_MarkupTheParserKeepsOpen_IsNotForgotten(string unit)
    {
        var page = "<html><body>" + Repeat(unit, 400) + "<p>text</p></body></html>";

        var limited = HtmlNestingLimiter.Limit(page, 16, CancellationToken.None);

        Assert.InRange(MaxDepth(Parser.ParseDocument(limited)), 1, (2 * 16) + 8);
    }

    /// <summary>The case the tag-soup property found (shrunk by FsCheck): an &lt;h2&gt; closed past the lists opened in it.</summary>
    [Fact]
    public void Limit_HeadingClosedPastItsLists_KeepsTheBound()
    {
        var page = "<html><body>" + Repeat("<h2>", 7) + Repeat("<ul>", 3) + "<p>" + Repeat("</h2>", 7) + Repeat("<span>", 13) + "<div>"
            + Repeat("<x/>", 7) + Repeat("<svg>", 3) + Repeat("</ul>", 3) + Repeat("<button>", 5) + Repeat("<foreignObject>", 6)
            + "<div>" + Repeat("<ul>", 3) + Repeat("<foreignObject>", 2);

        var limited = HtmlNestingLimiter.Limit(page, 16, CancellationToken.None);

        Assert.InRange(MaxDepth(Parser.ParseDocument(limited)), 1, (2 * 16) + 8);
    }

    // Not <select>: AngleSharp builds elements inside a select (as the 2025 "customizable select" parsing does) where the
    // limiter's model of the standard ignores them, so the parsed depth there can pass 2 × cap + 8. The time budget still
    // bounds such pages; a model of select content is left for later (see the closing note of issue 10).
    private static readonly string[] Soup =
    [
        "<div>", "</div>", "<p>", "</p>", "<li>", "</li>", "<ul>", "</ul>", "<table>", "</table>", "<tr>", "<td>", "</td>", "<b>", "</b>",
        "<i>", "</i>", "<a href=x>", "</a>", "<span>", "</span>", "<svg>", "</svg>", "<foreignObject>", "<g/>",
        "<button>", "</button>", "<h2>", "</h2>", "<x/>", "<font color=red>", "<b id=1>", "<b id=2>", "text ", "<br>", "<!-- c -->",
        "<caption>", "</caption>", "<tbody>", "</tr>", "<th>", "<dd>", "<dt>", "</dd>", "<h3>", "</h3>", "<math>", "<mi>", "</mi>", "</math>", "<font size=2>", "<dl>", "<section>", "</section>", "<em>", "</em>", "<desc>", "</svg>", "<nobr>", "<li>",
    ];

    /// <summary>Whatever the tag soup, the parsed page nests at most about twice the cap (the parser adds tbody and reopens formatting).</summary>
    [Property(MaxTest = 2000)]
    public bool Limit_AnyTagSoup_BoundsTheParsedDepth(NonEmptyArray<byte> choices)
    {
        var builder = new StringBuilder("<html><body>");
        foreach (var choice in choices.Get)
        {
            // Each choice repeats its token a few times so the soup gets deep quickly.
            var token = Soup[choice % Soup.Length];
            for (var r = 0; r < 1 + (choice / Soup.Length); r++)
            {
                builder.Append(token);
            }
        }

        const int Cap = 16;
        var limited = HtmlNestingLimiter.Limit(builder.ToString(), Cap, CancellationToken.None);
        return MaxDepth(Parser.ParseDocument(limited)) <= (2 * Cap) + 8;
    }

    internal static int MaxDepth(IDocument document)
    {
        var deepest = 0;
        var stack = new Stack<(IElement Element, int Depth)>();
        stack.Push((document.DocumentElement, 1));
        while (stack.Count > 0)
        {
            var (element, depth) = stack.Pop();
            deepest = Math.Max(deepest, depth);
            foreach (var child in element.Children)
            {
                stack.Push((child, depth + 1));
            }
        }

        return deepest;
    }

    private static string Repeat(string unit, int count) => string.Concat(Enumerable.Repeat(unit, count));
}
