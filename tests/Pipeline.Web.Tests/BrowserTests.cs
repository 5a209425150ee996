using OpenQA.Selenium;

namespace Pipeline.Web.Tests;

/// <summary>What a person sees in real headless Chromium: the dashboard updating itself, the list and its filters, an article.</summary>
[Collection(WebCollection.Name)]
public sealed class BrowserTests(WebFixture web)
{
    [Fact]
    public async Task Dashboard_PoisonDepthRises_AfterAFailingDrop_WithoutAReload()
    {
        var browser = web.Browser;
        var classify = web.Pipeline.Names.ClassifyQueue;
        browser.Open(new Uri(web.BaseAddress, "/"));
        var before = int.Parse(browser.WaitFor("the classify poison depth", d => d.FindElement(By.CssSelector($"[data-poison='{classify}']")).Text), System.Globalization.CultureInfo.InvariantCulture);
        browser.Driver.ExecuteScript("window.sameDocument = 'yes';");
        browser.WaitFor("the live stream to connect", d => d.FindElement(By.Id("live-status")).Text.StartsWith("live", StringComparison.Ordinal) ? "ok" : null);

        await web.PoisonAsync(classify);

        browser.WaitFor($"the classify poison depth to show {before + 1}", d =>
            d.FindElement(By.CssSelector($"[data-poison='{classify}']")).Text == (before + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) ? "ok" : null);
        Assert.Equal("yes", browser.Driver.ExecuteScript("return window.sameDocument;"));
        Assert.True(browser.Driver.FindElement(By.CssSelector($"[data-poison='{classify}']")).GetAttribute("class")!.Contains("alert", StringComparison.Ordinal));
        Assert.Contains("articles/s", browser.Driver.FindElement(By.Id("live")).Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Dashboard_ShowsANewResult_AfterADrop()
    {
        var browser = web.Browser;
        browser.Open(new Uri(web.BaseAddress, "/"));
        var blob = Integration.Tests.PipelineFixture.UniqueName(".txt");

        await web.Pipeline.DropAsync(blob, Integration.Tests.TestArticles.Text(Guid.NewGuid().ToString("N")));
        var article = await web.Pipeline.WaitForArticleAsync(blob);

        browser.WaitFor("the new article among the last results", d =>
            d.FindElements(By.CssSelector($"#recent a[href='/articles/{article.Id}']")).FirstOrDefault());
    }

    [Fact]
    public void Articles_ShowsTheTable_AndTheTitleFilterNarrowsIt()
    {
        var browser = web.Browser;
        browser.Open(new Uri(web.BaseAddress, "/articles"));
        var table = browser.WaitFor("the articles table", d => d.FindElement(By.CssSelector("table.articles")));
        Assert.Contains("Harbour authority approves night ferries", table.Text, StringComparison.Ordinal);
        Assert.Contains("Council votes to restore the river path", table.Text, StringComparison.Ordinal);

        var search = browser.Driver.FindElement(By.Name("q"));
        search.SendKeys("river path");
        search.Submit();

        var filtered = browser.WaitFor("the filtered table", d => d.Url.Contains("q=river", StringComparison.Ordinal) ? d.FindElement(By.CssSelector("table.articles")) : null);
        Assert.Contains("Council votes to restore the river path", filtered.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("Harbour authority", filtered.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Article_ShowsTheQuoteWithItsSpeaker_AndARemovedBlockWithItsReason()
    {
        var browser = web.Browser;
        browser.Open(new Uri(web.BaseAddress, $"/articles/{web.HtmlArticle.Id}"));

        var quote = browser.WaitFor("a quote in the text", d => d.FindElements(By.CssSelector(".article-text .quote")).FirstOrDefault(q => q.Text.Contains("People who clean our hospitals", StringComparison.Ordinal)));
        Assert.True(quote.Displayed);
        var speaker = browser.Driver.FindElements(By.CssSelector(".article-text .speaker")).Single(s => s.Text.Contains("Ingrid Dahl", StringComparison.Ordinal));
        Assert.True(speaker.Displayed);
        Assert.Contains("Ingrid Dahl", browser.Driver.FindElement(By.CssSelector("table.quotes")).Text, StringComparison.Ordinal);

        var removed = web.HtmlArticle.Removed.First(b => b.Text.Contains("cookies", StringComparison.OrdinalIgnoreCase));
        var block = browser.Driver.FindElements(By.CssSelector("details.removed-block")).Single(d => d.FindElement(By.TagName("summary")).Text.Contains("cookies", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(removed.Reason, block.FindElement(By.CssSelector(".reason-code")).Text);
        var text = block.FindElement(By.CssSelector(".removed-text"));
        Assert.False(text.Displayed, "removed blocks start collapsed");
        block.FindElement(By.TagName("summary")).Click();
        browser.WaitFor("the removed block to open", _ => text.Displayed ? "open" : null);
        Assert.Contains("We use cookies", text.Text, StringComparison.Ordinal);
    }
}
