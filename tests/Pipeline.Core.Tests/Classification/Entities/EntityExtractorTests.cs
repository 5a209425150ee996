using FsCheck.Xunit;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Entities;
using Pipeline.Core.Tests.Classification.Attribution;
using Xunit;

namespace Pipeline.Core.Tests.Classification.Entities;

public class EntityExtractorTests
{
    [Fact]
    public void Extract_TitleBeforeName_SplitsRoleFromName()
    {
        var article = ArticleBuilder.Build(
            ["Reacting to the reports, Foreign Ministry Spokesman Bahram Qassemi said the talks had no agenda."],
            ["Qassemi said the issue was closed."]);

        var person = Single(EntityExtractor.Extract(article), "Bahram Qassemi");

        Assert.Equal(EntityKind.Person, person.Kind);
        Assert.Equal("Foreign Ministry spokesman", person.Role);
        Assert.Equal(2, person.Count);
    }

    [Theory]
    [InlineData("Regional Minister for Economy Sofia Albuquerque opened the plant.", "Sofia Albuquerque", "Regional Minister for Economy")]
    [InlineData("Deputy Mayor Jordan Whitfield opened the plant.", "Jordan Whitfield", "Deputy Mayor")]
    public void Extract_TitleThenGivenNameThatIsAPlace_MakesOnePerson(string sentence, string name, string role)
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build([sentence]));

        var person = Assert.Single(entities, e => e.Kind == EntityKind.Person);
        Assert.Equal(name, person.Name);
        Assert.Equal(role, person.Role);
        Assert.DoesNotContain(entities, e => e.Kind == EntityKind.Place);
    }

    [Theory]
    [InlineData("President of the Commission Hanna Virtanen visited the port.", "Commission")]
    [InlineData("Foreign Ministry Spokesman Karim Haddad visited the port.", "Foreign Ministry")]
    public void Extract_OrganisationInsideTitle_ExcludesTheOffice(string sentence, string organisation)
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build([sentence]));

        Assert.Contains(entities, e => e.Kind == EntityKind.Organization && e.Name == organisation);
    }

    [Fact]
    public void Extract_TitleComplementPlaceBeforeName_StaysAPlace()
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build(["The envoy met Minister of Jordan Karim Haddad on Monday."]));

        Assert.Contains(entities, e => e.Kind == EntityKind.Place && e.Name == "Jordan");
    }

    [Theory]
    [InlineData("French Foreign Minister Jean-Yves Le Drian will visit Tehran.", "Le Drian said he was optimistic.", "Jean-Yves Le Drian")]
    [InlineData("US Secretary of State Antony Blinken arrived in Cairo.", "Blinken met officials there.", "Antony Blinken")]
    [InlineData("Prime Minister Kyriakos Mitsotakis spoke on Monday.", "Mitsotakis said the fires were under control.", "Kyriakos Mitsotakis")]
    public void Extract_ShortForm_MergesIntoFullName(string first, string second, string fullName)
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build([first], [second]));

        var person = Single(entities, fullName);
        Assert.Equal(EntityKind.Person, person.Kind);
        Assert.Equal(2, person.Count);
    }

    [Theory]
    [InlineData("The UN said aid was blocked.", "United Nations", EntityKind.Organization)]
    [InlineData("NATO allies met in Brussels on Tuesday.", "North Atlantic Treaty Organization", EntityKind.Organization)]
    [InlineData("The IAEA report was published on Friday.", "International Atomic Energy Agency", EntityKind.Organization)]
    [InlineData("Officials in the U.S. declined to comment.", "United States", EntityKind.Place)]
    [InlineData("Talks with French officials resumed.", "France", EntityKind.Place)]
    [InlineData("Rescue teams reached Tehran overnight.", "Tehran", EntityKind.Place)]
    public void Extract_GazetteerName_MapsToCanonicalName(string sentence, string canonical, EntityKind kind)
    {
        var entity = Single(EntityExtractor.Extract(ArticleBuilder.Build([sentence])), canonical);

        Assert.Equal(kind, entity.Kind);
    }

    [Theory]
    [InlineData("The Ministry of Defence said the drill was routine.", "Ministry of Defence")]
    [InlineData("A report in the Tehran Times was denied.", "Tehran Times")]
    [InlineData("Shares in Veltrix Corp. rose on the news.", "Veltrix Corp.")]
    [InlineData("The story first ran in the French daily Le Parisien on Monday.", "Le Parisien")]
    public void Extract_OrganisationCue_MakesOrganisation(string sentence, string name)
    {
        var entity = Single(EntityExtractor.Extract(ArticleBuilder.Build([sentence])), name);

        Assert.Equal(EntityKind.Organization, entity.Kind);
    }

    [Theory]
    [InlineData("However, the talks stalled.")]
    [InlineData("Reacting to the news, markets fell.")]
    [InlineData("Unfortunately nobody was available.")]
    [InlineData("Demonstrators gathered outside the building.")]
    public void Extract_CapitalisedSentenceOpener_IsNoEntity(string sentence)
    {
        Assert.Empty(EntityExtractor.Extract(ArticleBuilder.Build([sentence])));
    }

    [Fact]
    public void Extract_SurnameSharedByTwoPeople_IsNotMerged()
    {
        var article = ArticleBuilder.Build(
            ["President Donald Trump met Ivanka Trump, his adviser, on Monday.", "Trump said the meeting went well."]);

        var entities = EntityExtractor.Extract(article);

        Assert.Equal(1, Single(entities, "Donald Trump").Count);
        Assert.Equal(1, Single(entities, "Ivanka Trump").Count);
    }

    [Fact]
    public void Extract_Appositive_GivesRole()
    {
        var article = ArticleBuilder.Build(["Mick Dalton, the union’s general secretary, said members would strike."]);

        Assert.Equal("the union’s general secretary", Single(EntityExtractor.Extract(article), "Mick Dalton").Role);
    }

    [Fact]
    public void Extract_SurnameThatIsACountry_StaysWithThePerson()
    {
        var article = ArticleBuilder.Build(["Centre-right leader Luis Montenegro won the vote."], ["Montenegro said he would govern with dialogue."]);

        var entities = EntityExtractor.Extract(article);

        Assert.Equal(2, Single(entities, "Luis Montenegro").Count);
        Assert.DoesNotContain(entities, e => e.Kind == EntityKind.Place);
    }

    [Fact]
    public void Extract_NonEnglishText_KeepsOnlyGazetteerNames()
    {
        var article = ArticleBuilder.Build(
            ["Le président Emmanuel Macron a déclaré mardi que la France ne céderait pas.", "Selon lui, Bruxelles doit agir vite."]);

        var entities = EntityExtractor.Extract(article);

        Assert.DoesNotContain(entities, e => e.Kind == EntityKind.Person);
        Assert.Contains(entities, e => e.Name == "France");
    }

    [Property(MaxTest = 200)]
    public bool Extract_AnyText_MentionsAreOrderedSpansOfTheText(int[] picks)
    {
        var text = RandomProse(picks);
        var article = ArticleBuilder.Build([text]);

        foreach (var entity in EntityExtractor.Extract(article))
        {
            var previous = -1;
            foreach (var m in entity.Mentions)
            {
                if (m.Start <= previous || m.Start < 0 || m.End > text.Length || m.End <= m.Start || char.IsWhiteSpace(text[m.Start]))
                {
                    return false;
                }

                previous = m.Start;
            }
        }

        return true;
    }

    internal static string RandomProse(int[]? picks)
    {
        string[] vocabulary =
        [
            "said", "the", "President", "Ali", "Reza", "Smith", ",", ".", "“", "”", "he", "she", "of", "Ministry", "Bank",
            "UN", "Iran's", "told", "reporters", "according", "to", "Dr.", "al-Assad", "Le", "Drian", "spokesman", "New",
            "York", "and", "U.S.", "Foreign", "Minister", "Gen.", "was", "in", "Paris", "'s", "—", "Mary", "Jones", ":",
        ];
        if (picks is null || picks.Length == 0)
        {
            return "Nothing happened.";
        }

        return string.Join(' ', picks.Select(p => vocabulary[(int)((uint)p % (uint)vocabulary.Length)]));
    }

    private static Entity Single(IReadOnlyList<Entity> entities, string name)
    {
        var matches = entities.Where(e => e.Name == name).ToList();
        Assert.True(matches.Count == 1, $"Expected one entity named '{name}', got: {string.Join("; ", entities.Select(e => $"{e.Name} ({e.Kind})"))}");
        return matches[0];
    }
}
