namespace Pipeline.Web.Tests;

public sealed class HtmlTests
{
    [Fact]
    public void Of_EncodesEveryHole_ButKeepsLiteralMarkup()
    {
        var title = "<script>alert('x')</script> & \"more\"";

        var html = Html.Of($"<h1 title=\"{title}\">{title}</h1>").ToString();

        Assert.StartsWith("<h1 title=\"&lt;script&gt;", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("'x'", html, StringComparison.Ordinal);
        Assert.Contains("&amp; &quot;more&quot;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Of_KeepsSafeHoles_AndListsOfThem_AsMarkup()
    {
        var inner = Html.Of($"<b>{"<i>"}</b>");
        List<SafeHtml> items = [Html.Of($"<li>{1}</li>"), Html.Of($"<li>{"a&b"}</li>")];

        Assert.Equal("<p><b>&lt;i&gt;</b></p>", Html.Of($"<p>{inner}</p>").ToString());
        Assert.Equal("<ul><li>1</li><li>a&amp;b</li></ul>", Html.Of($"<ul>{items}</ul>").ToString());
    }

    [Fact]
    public void Of_KeepsLettersOfOtherScripts_AsThemselves()
    {
        Assert.Equal("<p>Le marché · Łódź · 東京</p>", Html.Of($"<p>{"Le marché · Łódź · 東京"}</p>").ToString());
    }
}
