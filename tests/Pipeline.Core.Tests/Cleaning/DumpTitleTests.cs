using Pipeline.Core.Cleaning;
using Xunit;

namespace Pipeline.Core.Tests.Cleaning;

public class DumpTitleTests
{
    /// <summary>A whole-page dump: the page title first, then the lines given, then the story as single lines.</summary>
    private static string Dump(string pageTitle, params string[] linesAboveStory) =>
        string.Join('\n', [pageTitle, "Menu", "Search", "Sign in", .. linesAboveStory, .. TestPages.ArticleParagraphs, "All rights reserved."]);

    private static string? TitleOf(string dump) => TextDumpCleaner.Clean(dump, CleaningOptions.Default).Metadata.Title;

    [Fact]
    public void Clean_PhotoCreditNearerTheStory_DoesNotBecomeTheTitle()
    {
        var dump = Dump("Night buses extended to the north - The Example Gazette",
            "Night buses extended to the north", "By Jane Doe", "A night bus at the depot. Ann Lee/Getty", "Ann Lee, Associated Press");

        Assert.Equal("Night buses extended to the north", TitleOf(dump));
    }

    [Fact]
    public void Clean_LinkThatSharesTheTitlesWords_LosesToTheHeadline()
    {
        var dump = Dump("2024 County Swim Results", "2024 County Swim Results", "CLICK FOR FULL COUNTY SWIM RESULTS");

        Assert.Equal("2024 County Swim Results", TitleOf(dump));
    }

    [Fact]
    public void Clean_SectionLabelInThePageTitle_IsCutFromTheTitle()
    {
        var dump = Dump("Opinion | Why the night buses matter - The Example Gazette",
            "Opinion | Why the night buses matter", "Opinion", "Why the night buses matter", "Guest column");

        Assert.Equal("Why the night buses matter", TitleOf(dump));
    }

    [Fact]
    public void Clean_HeadlineReworded_ForSearchEngines_IsStillFound()
    {
        // The page title holds four of the headline's ten words; a byline and a teaser share fewer.
        var dump = Dump("Council extends night bus service to northern districts after vote | Gazette",
            "Late workers win as council votes for night bus service", "Jane Doe @janedoe", "Trams to get new timetable");

        Assert.Equal("Late workers win as council votes for night bus service", TitleOf(dump));
    }

    [Fact]
    public void Clean_NoLineConfirmsThePageTitle_TakesThePageTitleRatherThanAByline()
    {
        var dump = Dump("Night buses extended to the north | The Example Gazette", "Jane Doe @janedoe / 2 hours ago");

        Assert.Equal("Night buses extended to the north", TitleOf(dump));
    }

    [Fact]
    public void Clean_PageTitleEndingInAQuote_IsStillAPageTitle()
    {
        var dump = Dump("Mayor calls the plan ‘Long Overdue’", "Mayor calls the plan ‘Long Overdue’");

        Assert.Equal("Mayor calls the plan ‘Long Overdue’", TitleOf(dump));
    }

    [Theory]
    [InlineData("Ann Lee/Getty Images")]
    [InlineData("Ann Lee, The Associated Press")]
    [InlineData("Photo: Ann Lee")]
    [InlineData("CLICK FOR FULL RESULTS")]
    [InlineData("Read more about night buses")]
    [InlineData("Filed to: transport")]
    [InlineData("3 hours ago")]
    [InlineData("Jane Doe @janedoe")]
    [InlineData("By Jane Doe")]
    [InlineData("March 4, 2024")]
    [InlineData("More night bus stories...")]
    public void IsCandidate_Furniture_IsNever(string line)
    {
        Assert.False(DumpTitle.IsCandidate(line));
    }

    [Fact]
    public void Confirmation_ShortLabel_CountsOnlyAsAWholeSegmentOfTheTitle()
    {
        var titleWords = new HashSet<string>(["standings", "racing", "opinion", "night", "buses"]);

        Assert.True(DumpTitle.Confirmation("Standings", titleWords, ["Standings", "Racing Weekly"]) > 0);
        Assert.Equal(0, DumpTitle.Confirmation("Opinion", titleWords, ["Night buses opinion"]));
    }

    [Fact]
    public void Confirmation_LineInCapitals_ScoresBelowTheSameWordsInMixedCase()
    {
        var titleWords = new HashSet<string>(["spiced", "pear", "jam", "recipe"]);

        var loud = DumpTitle.Confirmation("MAKING SPICED PEAR JAM", titleWords, ["Spiced Pear Jam Recipe"]);
        var plain = DumpTitle.Confirmation("Making spiced pear jam", titleWords, ["Spiced Pear Jam Recipe"]);

        Assert.True(loud < plain);
    }
}
