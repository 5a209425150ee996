using FsCheck.Xunit;
using Pipeline.Core.Articles;
using Pipeline.Core.Cleaning;
using Xunit;

namespace Pipeline.Core.Tests.Cleaning;

public class TextDumpCleanerTests
{
    [Theory]
    [InlineData("One paragraph.\n\nAnother one.", true)]
    [InlineData("Single paragraph only.", true)]
    [InlineData("\n\nPadded.\n\n\n\nStill fine.\n", true)]
    [InlineData("Home\nNews\n\nArticle.", false)]
    [InlineData("", false)]
    public void IsParagraphShaped_LineBreaks_AreJudged(string text, bool expected)
    {
        Assert.Equal(expected, TextDumpCleaner.IsParagraphShaped(text));
    }

    [Fact]
    public void Clean_ParagraphShapedText_TitleIsNeverARemovedBlock()
    {
        var text = "Subscribe to our newsletter\n\nPrivacy policy | Terms of use\n\nCouncil votes to restore the river path\n\n" + TestPages.ArticleParagraphs[0];

        var result = TextDumpCleaner.Clean(text, CleaningOptions.Default);

        Assert.Equal("Council votes to restore the river path", result.Metadata.Title);
        Assert.Contains(result.Removed, r => r.Text == "Subscribe to our newsletter");
    }

    [Fact]
    public void Clean_ParagraphShapedText_CutsOnlyEvidentFurniture()
    {
        var text = "Short heading\n\n" + TestPages.ArticleParagraphs[0] + "\n\nSubscribe to our newsletter\n\nA short closing line.";

        var result = TextDumpCleaner.Clean(text, CleaningOptions.Default);

        Assert.Equal(["Short heading", TestPages.ArticleParagraphs[0], "A short closing line."], result.Paragraphs);
        Assert.Contains(result.Removed, r => r.Reason == RemovalReasons.SubscriptionPitch);
    }

    [Fact]
    public void Clean_TruncatedExcerpts_AreRemovedAsTeasers()
    {
        var dump = string.Join("\n", TestPages.ArticleParagraphs) + "\nMore news\nThe mayor opened a new library in the old station building on Friday and said the...\nA second teaser about the regional budget talks that were held in…";

        var result = TextDumpCleaner.Clean(dump, CleaningOptions.Default);

        Assert.Equal(TestPages.ArticleParagraphs, result.Paragraphs);
        Assert.Contains(result.Removed, r => r.Text.StartsWith("The mayor opened", StringComparison.Ordinal) && r.Reason == RemovalReasons.RelatedLinks);
        Assert.Contains(result.Removed, r => r.Text.StartsWith("A second teaser", StringComparison.Ordinal) && r.Reason == RemovalReasons.RelatedLinks);
    }

    [Fact]
    public void Clean_LineDumpWithAppealBox_RemovesTheWholeAppealAndKeepsTheStory()
    {
        var dump = string.Join("\n", [
            "Night buses for the north - The Example Times",
            "Night buses for the north",
            TestPages.ArticleParagraphs[0],
            "Dear Reader,",
            "Our newsroom depends on readers like you: advertising alone no longer pays for the journalism on this site, and we have no paywall.",
            "For $6 a month you will receive:",
            "• Fewer ads",
            "• Access to our premium newsletters",
            "Thank you,",
            "The Editor",
            TestPages.ArticleParagraphs[1],
            TestPages.ArticleParagraphs[2],
            TestPages.ArticleParagraphs[3],
        ]);

        var result = TextDumpCleaner.Clean(dump, CleaningOptions.Default);

        Assert.Equal(TestPages.ArticleParagraphs, result.Paragraphs);
        Assert.Equal(7, result.Removed.Count(r => r.Reason == RemovalReasons.SubscriptionPitch));
        Assert.Contains(result.Removed, r => r.Text == "The Editor" && r.Reason == RemovalReasons.SubscriptionPitch);
    }

    [Fact]
    public void Clean_ParagraphShapedTextUnderASlogan_TakesTheHeadlineAboveTheStory()
    {
        var text = "Your city, your news since 1998\n\nCouncil extends night buses to the north\n\nMarch 4, 2024\n\n" + string.Join("\n\n", TestPages.ArticleParagraphs);

        var result = TextDumpCleaner.Clean(text, CleaningOptions.Default);

        Assert.Equal("Council extends night buses to the north", result.Metadata.Title);
        Assert.Contains(result.Removed, r => r.Text == "Your city, your news since 1998" && r.Reason == RemovalReasons.Navigation);
    }

    [Fact]
    public void Clean_HeadlinePrintedTwiceInOneLine_IsRemovedAsDuplicate()
    {
        var text = "Council extends night buses\n\nCouncil extends night buses  Council extends night buses\n\n" + string.Join("\n\n", TestPages.ArticleParagraphs);

        var result = TextDumpCleaner.Clean(text, CleaningOptions.Default);

        Assert.Equal("Council extends night buses", result.Metadata.Title);
        Assert.Equal(["Council extends night buses", .. TestPages.ArticleParagraphs], result.Paragraphs);
        Assert.Contains(result.Removed, r => r.Reason == RemovalReasons.DuplicateHeading);
    }

    [Fact]
    public void RemoveEvident_ShortLinesRepeatedInsideTheStory_AreKept()
    {
        string[] paragraphs = [TestPages.ArticleParagraphs[0], "Meal 1", "Eat every three hours", "Meal 2", "Eat every three hours"];

        var kept = TextDumpCleaner.RemoveEvident(paragraphs, CleaningOptions.Default, []);

        Assert.Equal(paragraphs, kept);
    }

    [Theory]
    [InlineData("Night buses Night buses", "Night buses")]
    [InlineData("Night buses return Night buses return Night buses return", "Night buses return")]
    [InlineData("bye bye", "bye bye")]
    [InlineData("Night buses return to the north", "Night buses return to the north")]
    [InlineData("Night buses Night trams", "Night buses Night trams")]
    public void CollapseRepeats_Lines_GiveTheRepeatedPhrase(string line, string expected)
    {
        Assert.Equal(expected, TextDumpCleaner.CollapseRepeats(line));
    }

    [Property(MaxTest = 200)]
    public bool RemoveEvident_IsIdempotent(byte[] choices)
    {
        string[] pool = [.. TestPages.ArticleParagraphs, "Share on Facebook", "We use cookies to improve your experience. Accept", "Home", "© 2024 Example. All rights reserved.",
            "Dear Reader,", "For €4 a month you get unlimited access and our journalism without ads, which readers tell us they value.", "• No ads", "Thank you,",
            "Night buses return", "Night buses return Night buses return", "Local news since 1998"];
        var paragraphs = choices.Select(c => pool[c % pool.Length]).ToList();

        var once = TextDumpCleaner.RemoveEvident(paragraphs, CleaningOptions.Default, []);
        var twice = TextDumpCleaner.RemoveEvident(once, CleaningOptions.Default, []);

        return once.SequenceEqual(twice);
    }
}
