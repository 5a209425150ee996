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

    [Property(MaxTest = 200)]
    public bool RemoveEvident_IsIdempotent(byte[] choices)
    {
        string[] pool = [.. TestPages.ArticleParagraphs, "Share on Facebook", "We use cookies to improve your experience. Accept", "Home", "© 2024 Example. All rights reserved."];
        var paragraphs = choices.Select(c => pool[c % pool.Length]).ToList();

        var once = TextDumpCleaner.RemoveEvident(paragraphs, CleaningOptions.Default, []);
        var twice = TextDumpCleaner.RemoveEvident(once, CleaningOptions.Default, []);

        return once.SequenceEqual(twice);
    }
}
