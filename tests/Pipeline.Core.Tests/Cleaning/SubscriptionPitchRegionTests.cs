using Pipeline.Core.Cleaning;
using Xunit;

namespace Pipeline.Core.Tests.Cleaning;

public class SubscriptionPitchRegionTests
{
    private static readonly string[] Appeal =
    [
        "Dear Readers,",
        "Local reporting costs money, and more of our readers than ever rely on our newsroom, yet advertising no longer pays for the journalism you read here.",
        "For €4 a month you get the following:",
        "• No banner advertising",
        "• Early access to our weekend edition",
        "Thank you,",
        "Anna Berg, Publisher",
    ];

    [Fact]
    public void Find_AppealBetweenStandfirstAndStory_MarksExactlyTheAppeal()
    {
        string[] blocks = [TestPages.ArticleParagraphs[0], .. Appeal, TestPages.ArticleParagraphs[1], TestPages.ArticleParagraphs[2]];

        var marks = SubscriptionPitchRegion.Find(blocks);

        Assert.False(marks[0]);
        Assert.All(Enumerable.Range(1, Appeal.Length), i => Assert.True(marks[i], blocks[i]));
        Assert.False(marks[^2]);
        Assert.False(marks[^1]);
    }

    [Fact]
    public void Find_OpenerWithoutPriceOrMembership_MarksNothing()
    {
        string[] blocks = ["Dear Reader,", "We hope you enjoy this special edition about the river path and its history.", .. TestPages.ArticleParagraphs];

        Assert.DoesNotContain(true, SubscriptionPitchRegion.Find(blocks));
    }

    [Fact]
    public void Find_MenuWithSubscribeAndPremiumLinks_MarksNothing()
    {
        string[] blocks = ["Subscribe", "Premium", "Membership", "Sport", "Weather", .. TestPages.ArticleParagraphs];

        Assert.DoesNotContain(true, SubscriptionPitchRegion.Find(blocks));
    }

    [Fact]
    public void Find_StoryMentioningMoneyAndReaders_EndsTheAppeal()
    {
        const string story = "The foundation said on Monday that it had approved a $2 million grant to the clinic, which readers of the annual report will find listed under health.";
        string[] blocks = ["Support our journalism", "Become a member for $8 a month and read without limits, because our reporting depends on readers like you.", story];

        var marks = SubscriptionPitchRegion.Find(blocks);

        Assert.Equal([true, true, false], marks);
    }

    [Theory]
    [InlineData("Dear Reader,", true)]
    [InlineData("Support independent journalism", true)]
    [InlineData("Become a subscriber", true)]
    [InlineData("Why you should subscribe today", true)]
    [InlineData("The readers' club met on Friday", false)]
    [InlineData("Dear John, the council wrote in a letter published on Tuesday", false)]
    public void IsOpener_Lines_AreJudged(string line, bool expected)
    {
        Assert.Equal(expected, SubscriptionPitchRegion.IsOpener(line));
    }
}
