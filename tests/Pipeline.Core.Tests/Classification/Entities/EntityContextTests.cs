using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Attribution;
using Pipeline.Core.Classification.Entities;
using Pipeline.Core.Tests.Classification.Attribution;
using Xunit;

namespace Pipeline.Core.Tests.Classification.Entities;

/// <summary>
/// Entities recognised from context rather than lists: organisation heads, place heads, locative prepositions,
/// datelines, roles in lower case. The names are invented (after the local-news case in issue 12), so none of them
/// is in a gazetteer.
/// </summary>
public class EntityContextTests
{
    private static readonly SegmentedArticle Flood = ArticleBuilder.Build(
        ["Retired judge Dame Philippa Okonjo will chair the inquiry into the flooding along the River Emmet, Harlow District Council said on Tuesday."],
        ["Fernwick Highways, the contractor that rebuilt the embankment, and the engineers of Calder Structural have been asked to give evidence.", "The Health and Safety Executive is also investigating."],
        ["Members of the Emmet Valley Residents' Association met at Brackley Town Hall on Monday night.", "“We were told the banks were safe,” said Tomas Reyes, who chairs the association.", "He said the authority would publish its findings in the spring."],
        ["The port authority said ships would be diverted while the river was dredged near Ashcombe."]);

    [Theory]
    [InlineData("Harlow District Council", EntityKind.Organization)]
    [InlineData("Fernwick Highways", EntityKind.Organization)]
    [InlineData("Calder Structural", EntityKind.Organization)]
    [InlineData("Health and Safety Executive", EntityKind.Organization)]
    [InlineData("Emmet Valley Residents' Association", EntityKind.Organization)]
    [InlineData("River Emmet", EntityKind.Place)]
    [InlineData("Brackley Town Hall", EntityKind.Place)]
    [InlineData("Ashcombe", EntityKind.Place)]
    [InlineData("Tomas Reyes", EntityKind.Person)]
    public void Extract_LocalNews_NamesFromContextAreWholeAndOfTheRightKind(string name, EntityKind kind)
    {
        var entity = Assert.Single(EntityExtractor.Extract(Flood), e => e.Name == name);

        Assert.Equal(kind, entity.Kind);
    }

    [Fact]
    public void Extract_LocalNews_FragmentsOfOrganisationNamesAreNeverPeople()
    {
        var people = EntityExtractor.Extract(Flood).Where(e => e.Kind == EntityKind.Person).Select(e => e.Name).ToList();

        Assert.DoesNotContain(people, n => n.Contains("Association", StringComparison.Ordinal));
        Assert.DoesNotContain(people, n => n.Contains("Executive", StringComparison.Ordinal));
        Assert.DoesNotContain(people, n => n.Contains("Highways", StringComparison.Ordinal));
        Assert.Equal(["Philippa Okonjo", "Tomas Reyes"], people.Select(n => n.Replace("Dame ", string.Empty, StringComparison.Ordinal)).Order().ToList());
    }

    [Fact]
    public void Extract_LowercaseTitleBeforeHonorific_IsTheRole()
    {
        var judge = Assert.Single(EntityExtractor.Extract(Flood), e => e.Name.EndsWith("Philippa Okonjo", StringComparison.Ordinal));

        Assert.Equal("Retired judge", judge.Role);
    }

    [Fact]
    public void Attribute_PronounAfterNamedSpeaker_ResolvesToHimWhenNobodyIntervenes()
    {
        var result = SpeakerAttributor.Attribute(Flood, EntityExtractor.Extract(Flood));

        var pronounSentence = Flood.Sentences.Single(s => s.Text.StartsWith("He said the authority", StringComparison.Ordinal));
        Assert.Equal("Tomas Reyes", result.Sentences.Single(l => l.Sentence == pronounSentence.Index).Speaker);
        Assert.Equal("Tomas Reyes", Assert.Single(result.Quotes).Speaker);
    }

    [Fact]
    public void Attribute_InstitutionDescription_IsTheSpeakerWhenNoNamedOrganisationMatches()
    {
        var result = SpeakerAttributor.Attribute(Flood, EntityExtractor.Extract(Flood));

        var port = Flood.Sentences.Single(s => s.Text.StartsWith("The port authority", StringComparison.Ordinal));
        Assert.Equal("the port authority", result.Sentences.Single(l => l.Sentence == port.Index).Speaker);
    }

    [Fact]
    public void Attribute_InstitutionDescription_ResolvesToTheNamedOrganisation()
    {
        var article = ArticleBuilder.Build(
            ["Harlow District Council approved the budget on Monday."],
            ["The council said rents would rise by 3 percent."]);

        var result = SpeakerAttributor.Attribute(article, EntityExtractor.Extract(article));

        Assert.Equal("Harlow District Council", result.Sentences[1].Speaker);
    }

    [Theory]
    [InlineData("HAYWARD, Calif. (AP) — A man was stabbed on a commuter train.", "Hayward")]
    [InlineData("ST. JOSEPH, Mich. (AP) — Health officials reported a sixth death.", "St. Joseph")]
    [InlineData("BRACKLEY — The town council met on Monday.", "Brackley")]
    public void Extract_Dateline_IsAPlaceInTitleCase(string sentence, string place)
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build([sentence]));

        Assert.Contains(entities, e => e.Name == place && e.Kind == EntityKind.Place);
        Assert.DoesNotContain(entities, e => e.Kind == EntityKind.Organization && e.Name.ToUpperInvariant() == e.Name && e.Name.Length > 3);
    }

    [Theory]
    [InlineData("Officers stopped a car near 17th Street and Gladstone Avenue on Monday.", "17th Street", "Gladstone Avenue")]
    [InlineData("The flood reached homes in Dunmore and the fields outside Ashby.", "Dunmore", "Ashby")]
    [InlineData("The crash happened in Logar province, south of the capital.", "Logar", null)]
    public void Extract_PlaceHeadsAndLocatives_MakePlaces(string sentence, string first, string? second)
    {
        var places = EntityExtractor.Extract(ArticleBuilder.Build([sentence])).Where(e => e.Kind == EntityKind.Place).Select(e => e.Name).ToList();

        Assert.Contains(first, places);
        if (second is not null)
        {
            Assert.Contains(second, places);
        }
    }

    [Theory]
    [InlineData("Employee Steve Castro said the man ran off.", "Steve Castro", "Employee")]
    [InlineData("The verdict was welcomed by U.S. Attorney Nealy Cox on Friday.", "Nealy Cox", "U.S. Attorney")]
    public void Extract_OccupationOrOfficeBeforeName_IsTheRoleNotPartOfTheName(string sentence, string name, string role)
    {
        var person = Assert.Single(EntityExtractor.Extract(ArticleBuilder.Build([sentence])), e => e.Kind == EntityKind.Person);

        Assert.Equal(name, person.Name);
        Assert.Equal(role, person.Role);
    }

    [Fact]
    public void Extract_ShortFormOfANewspaper_JoinsTheNewspaperNotAPerson()
    {
        var article = ArticleBuilder.Build(
            ["The San Francisco Chronicle reported the arrest."],
            ["The Chronicle says the man was caught a block away."]);

        var entities = EntityExtractor.Extract(article);

        Assert.DoesNotContain(entities, e => e.Kind == EntityKind.Person);
        var paper = Assert.Single(entities, e => e.Name == "San Francisco Chronicle");
        Assert.Equal(2, paper.Count);
    }

    [Fact]
    public void Extract_GenericPluralOpeningASentence_IsNoPerson()
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build(["Authorities say the stabbing followed a fight over shoes."]));

        Assert.DoesNotContain(entities, e => e.Kind == EntityKind.Person);
    }

    [Fact]
    public void Extract_PartyAndStateTag_IsNoOrganisation()
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build(["Rep. Maria Lopez (D-N.Y.) criticised the plan."]));

        Assert.DoesNotContain(entities, e => e.Name.StartsWith("D-", StringComparison.Ordinal));
    }
    [Fact]
    public void Extract_MiddleInitialAndGenerationalSuffix_AreOnePerson()
    {
        var article = ArticleBuilder.Build(
            ["Patrick Carlineo Jr. pleaded guilty on Monday."],
            ["Carlineo was arrested in April.", "The letter named Patrick W. Carlineo as the caller."]);

        var person = Assert.Single(EntityExtractor.Extract(article), e => e.Kind == EntityKind.Person);

        Assert.Equal("Patrick Carlineo Jr.", person.Name);
        Assert.Equal(3, person.Count);
    }

    [Fact]
    public void Extract_AppositiveNamingAFirm_MakesAnOrganisation()
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build(["Rennick Dynamo, an engineering firm, said the bridge was sound."]));

        Assert.Equal(EntityKind.Organization, Assert.Single(entities, e => e.Name == "Rennick Dynamo").Kind);
    }

    [Fact]
    public void Extract_InterimBeforeAnOffice_IsNotPartOfTheOrganisation()
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build(["Interim Harbour Police Chief Ed Alvarado spoke to reporters."]));

        Assert.Contains(entities, e => e.Name == "Harbour Police" && e.Kind == EntityKind.Organization);
        Assert.Equal("Interim Harbour Police Chief", Assert.Single(entities, e => e.Name == "Ed Alvarado").Role);
    }
    [Fact]
    public void Extract_TextThatIsNotEnglish_GetsNoContextRules()
    {
        var article = ArticleBuilder.Build(["Der Gemeinderat tagte am Montag in Brackley, und die Anwohner der Emmet Valley Residents' Association waren nicht eingeladen, weil die Sitzung nicht öffentlich war."]);

        // The English cues (locatives, organisation words) are not applied to German: left out rather than guessed.
        Assert.DoesNotContain(EntityExtractor.Extract(article), e => e.Name is "Brackley" or "Emmet Valley Residents' Association");
    }
    [Fact]
    public void Extract_NameRun_StopsAtALineBreak()
    {
        var entities = EntityExtractor.Extract(ArticleBuilder.Build(["Staff Reports"], ["Police arrested six people on Monday."]));

        Assert.DoesNotContain(entities, e => e.Name.Contains('\n', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Cases first appeared in West Michigan at the end of August.", "West Michigan")]
    [InlineData("Northern California utilities cut power to thousands of homes.", "Northern California")]
    [InlineData("Michigan health authorities are reporting a sixth fatality.", "Michigan")]
    [InlineData("Wildfires forced evacuations across New South Wales on Sunday.", "New South Wales")]
    public void Extract_StatesAndCompassRegions_AreOnePlaceEach(string sentence, string place)
    {
        var places = EntityExtractor.Extract(ArticleBuilder.Build([sentence])).Where(e => e.Kind == EntityKind.Place).Select(e => e.Name).ToList();

        Assert.Equal([place], places);
    }

    [Fact]
    public void Extract_CompassWordBeforeAPlaceInsideALongerName_IsNotTakenForARegion()
    {
        var names = EntityExtractor.Extract(ArticleBuilder.Build(["Tensions rose again in the South China Sea on Monday."])).Select(e => e.Name).ToList();

        Assert.DoesNotContain("South China", names);
    }

    [Theory]
    [InlineData("Virginia Okafor said the vote had been close.", "Virginia Okafor")]
    [InlineData("Victoria Lund opened the show on Friday.", "Victoria Lund")]
    public void Extract_GivenNameThatIsAlsoAState_StillMakesAPerson(string sentence, string person)
    {
        var entity = Assert.Single(EntityExtractor.Extract(ArticleBuilder.Build([sentence])));

        Assert.Equal((person, EntityKind.Person), (entity.Name, entity.Kind));
    }
}
