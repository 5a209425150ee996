using FsCheck.Xunit;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Attribution;
using Pipeline.Core.Classification.Entities;
using Pipeline.Core.Tests.Classification.Entities;
using Xunit;

namespace Pipeline.Core.Tests.Classification.Attribution;

public class SpeakerAttributorTests
{
    [Fact]
    public void Attribute_TrailingSaid_ResolvesToFullestName()
    {
        var result = Run(
            ["Foreign Ministry Spokesman Bahram Qassemi spoke to reporters on Monday."],
            ["“We have heard nothing from European officials,” Qassemi said."]);

        var quote = Assert.Single(result.Quotes);
        Assert.Equal("Bahram Qassemi", quote.Speaker);
        Assert.Equal("Foreign Ministry spokesman", quote.SpeakerRole);
    }

    [Theory]
    [InlineData("Mick Dalton, the union’s general secretary, said: “We did not choose this fight.”")]
    [InlineData("“We did not choose this fight,” said Mick Dalton, the union’s general secretary.")]
    [InlineData("“We did not choose this fight,” Mick Dalton, the union’s general secretary, said.")]
    [InlineData("The union’s general secretary, Mick Dalton, said: “We did not choose this fight.”")]
    public void Attribute_AttributionPatterns_FindSpeakerAndRole(string sentence)
    {
        var quote = Assert.Single(Run([sentence]).Quotes);

        Assert.Equal("Mick Dalton", quote.Speaker);
        Assert.Contains("general secretary", quote.SpeakerRole, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("said retired judge Philippa Okonjo", "Philippa Okonjo", "retired judge")]
    [InlineData("said retired judge Dame Philippa Okonjo", "Philippa Okonjo", "retired judge")]
    [InlineData("said former minister Jan Kowal", "Jan Kowal", "former minister")]
    [InlineData("said chief executive Jan Kowal", "Jan Kowal", "chief executive")]
    [InlineData("said biologist Maja Kralj", "Maja Kralj", "biologist")]
    public void Attribute_SaidBeforeALowercaseTitleAndName_TheNameSpeaksAndTheTitleIsTheRole(string attribution, string speaker, string role)
    {
        var quote = Assert.Single(Run(["“We were told nothing until the barriers went up,” " + attribution + ", who chairs the association."]).Quotes);

        Assert.Equal(speaker, quote.Speaker);
        Assert.Equal(role, quote.SpeakerRole);
    }

    [Fact]
    public void Attribute_SaidBeforeLowercaseWordsThatAreNoTitle_NamesNobody()
    {
        // "former colleagues of Jan Kowal" describes other people; Jan Kowal did not say it.
        var quote = Assert.Single(Run(["“We were told nothing until the barriers went up,” said former colleagues of Jan Kowal."]).Quotes);

        Assert.Null(quote.Speaker);
    }

    [Fact]
    public void Attribute_DescriptionOfKnownPerson_ResolvesByRole()
    {
        var result = Run(
            ["French Foreign Minister Jean-Yves Le Drian will visit Tehran next week."],
            ["“Iran must cooperate on these questions,” the French foreign minister said."]);

        Assert.Equal("Jean-Yves Le Drian", Assert.Single(result.Quotes).Speaker);
    }

    [Fact]
    public void Attribute_PronounWithOneCandidate_IsResolved()
    {
        var result = Run(
            ["Health Minister Susan Nakhumicha said two million doses had arrived.", "“Our priority is to stop the spread,” she said."]);

        Assert.Equal("Susan Nakhumicha", Assert.Single(result.Quotes).Speaker);
    }

    [Fact]
    public void Attribute_PronounWithTwoCandidatesAndNoSpeaker_IsLeftNull()
    {
        var result = Run(
            ["Coach Ruben Alvarez met striker Ollie Watkins after the match.", "“It was a hard night,” he said."]);

        Assert.Null(Assert.Single(result.Quotes).Speaker);
    }

    [Fact]
    public void Attribute_PronounAfterLastSpeaker_KeepsTheSpeaker()
    {
        var result = Run(
            ["Carlos Alcaraz beat Novak Djokovic in five sets.", "Alcaraz said he had dreamed of the moment.", "“I will never forget it,” he said."]);

        Assert.Equal("Carlos Alcaraz", Assert.Single(result.Quotes).Speaker);
    }

    [Fact]
    public void Attribute_QuoteContinuedInNextParagraph_KeepsSpeaker()
    {
        var result = Run(
            ["Union official Niek Stam described the deal as a breakthrough.", "“Robots will not come at the expense of people,” Stam said."],
            ["“Every worker will be retrained."],
            ["“Nobody will be made redundant.”"]);

        Assert.Equal(3, result.Quotes.Count);
        Assert.All(result.Quotes, q => Assert.Equal("Niek Stam", q.Speaker));
    }

    [Fact]
    public void Attribute_SecondQuoteInParagraph_InheritsSpeaker()
    {
        var result = Run(["“The wind is our enemy,” Minister Vassilis Kikilias said.", "“The next day is critical.”"]);

        Assert.Equal(["Vassilis Kikilias", "Vassilis Kikilias"], result.Quotes.Select(q => q.Speaker));
    }

    [Fact]
    public void Attribute_ParagraphEndingWithColon_IntroducesNextQuote()
    {
        var result = Run(
            ["Maersk chief executive Vincent Clerc said safety came first:"],
            ["“We will not send our crews through the Red Sea.”"]);

        Assert.Equal("Vincent Clerc", Assert.Single(result.Quotes).Speaker);
    }

    [Fact]
    public void Attribute_IndefiniteDescription_HasRoleButNoSpeaker()
    {
        var quote = Assert.Single(Run(["“Nobody expected this,” a senior US official said."]).Quotes);

        Assert.Null(quote.Speaker);
        Assert.Equal("a senior US official", quote.SpeakerRole);
    }

    [Theory]
    [InlineData("The bridge was closed on Tuesday.", SentenceRole.Statement, null)]
    [InlineData("According to Joachim Nagel, inflation has fooled us before.", SentenceRole.ReportedSpeech, "Joachim Nagel")]
    [InlineData("Joachim Nagel said that cutting too early would be a mistake.", SentenceRole.ReportedSpeech, "Joachim Nagel")]
    [InlineData("Joachim Nagel warned the markets against complacency.", SentenceRole.ReportedSpeech, "Joachim Nagel")]
    [InlineData("Joachim Nagel told reporters the data were mixed.", SentenceRole.ReportedSpeech, "Joachim Nagel")]
    [InlineData("“Cutting too early would be a mistake,” Joachim Nagel said.", SentenceRole.Quote, "Joachim Nagel")]
    public void Attribute_Sentence_GetsRoleAndSpeaker(string sentence, SentenceRole role, string? speaker)
    {
        var label = Assert.Single(Run([sentence]).Sentences);

        Assert.Equal(role, label.Role);
        Assert.Equal(speaker, label.Speaker);
    }

    [Theory]
    [InlineData("Finance Minister Klemen Bostjancic welcomed the aid but said the country would still need to borrow.", "Klemen Bostjancic")]
    [InlineData("Geophysicist Kristin Jonsdottir of the Icelandic Met Office said magma was moving close to the surface.", "Kristin Jonsdottir")]
    [InlineData("A US official with long experience of talks with the Islamic Republic said the offer was serious.", null)]
    [InlineData("Its director, Lukas Kintr, said the attack bore the hallmarks of a criminal group.", "Lukas Kintr")]
    public void Attribute_ReportedSpeech_FindsTheClauseSubject(string sentence, string? speaker)
    {
        var label = Assert.Single(Run([sentence]).Sentences);

        Assert.Equal(SentenceRole.ReportedSpeech, label.Role);
        Assert.Equal(speaker, label.Speaker);
    }

    [Fact]
    public void Attribute_PronounAfterUnrecognisedName_IsLeftNull()
    {
        var result = Run(
            ["“We have never evacuated a town,” said Vidir Reynisson, head of the civil protection agency."],
            ["Volcano watchers Kristin Jonsdottir and Sara Barsotti were at the scene.", "“It could happen within days,” she said."]);

        Assert.Null(result.Quotes[1].Speaker);
    }

    [Fact]
    public void Attribute_NonEnglishText_LabelsQuotesWithoutGuessingSpeakers()
    {
        var result = Run(["« Nous ne céderons pas », a déclaré le ministre.", "Il a ajouté : “La France restera ferme.”"]);

        Assert.All(result.Quotes, q => Assert.Null(q.Speaker));
        Assert.Contains(result.Sentences, s => s.Role == SentenceRole.Quote);
    }

    [Property(MaxTest = 200)]
    public bool Attribute_AnyText_LabelsEverySentenceAndQuoteOnce(int[] picks, int[] more)
    {
        var article = ArticleBuilder.Build(
            [EntityExtractorTests.RandomProse(picks) + "."],
            [EntityExtractorTests.RandomProse(more) + "."]);

        var result = SpeakerAttributor.Attribute(article, EntityExtractor.Extract(article));

        return result.Sentences.Select(s => s.Sentence).SequenceEqual(article.Sentences.Select(s => s.Index))
            && result.Quotes.Select(q => q.Quote).SequenceEqual(article.Quotes.Select(q => q.Index));
    }

    [Theory]
    [InlineData("“The new line will halve travel times,” said Regional Minister for Transport Elena Marchetti.", "Elena Marchetti", "Regional Minister for Transport")]
    [InlineData("“The new line will halve travel times,” said Minister of the Interior Tomas Berglund.", "Tomas Berglund", "Minister of the Interior")]
    [InlineData("“The new line will halve travel times,” said Deputy Governor Paolo Ricci.", "Paolo Ricci", "Deputy Governor")]
    [InlineData("“The new line will halve travel times,” said Chief Executive Officer Ines Duarte.", "Ines Duarte", "Chief Executive Officer")]
    [InlineData("“The new line will halve travel times,” said Interior Ministry Spokesman Karim Haddad.", "Karim Haddad", "Interior Ministry spokesman")]
    public void Attribute_InvertedSaidBeforeTitledName_TitleIsRoleNotSpeaker(string sentence, string speaker, string role)
    {
        var quote = Assert.Single(Run([sentence]).Quotes);

        Assert.Equal(speaker, quote.Speaker);
        Assert.Equal(role, quote.SpeakerRole);
    }

    [Fact]
    public void Attribute_TitledNameWhoseGivenNameIsAPlace_SpeakerIsThePerson()
    {
        var quote = Assert.Single(Run(["“Water comes first,” said Regional Minister for Agriculture Jordan Mendonca."]).Quotes);

        Assert.Equal("Jordan Mendonca", quote.Speaker);
        Assert.Equal("Regional Minister for Agriculture", quote.SpeakerRole);
    }

    [Theory]
    [InlineData("She said the port would reopen in spring.")]
    [InlineData("Okonkwo said the port would reopen in spring.")]
    public void Attribute_ReportedSpeechAfterTitledQuote_UsesFullestNameLikeTheQuote(string reported)
    {
        var result = Run(
            ["“We will rebuild the harbour,” said Provincial Governor for Coastal Affairs Adaeze Okonkwo.", reported]);

        Assert.Equal("Adaeze Okonkwo", Assert.Single(result.Quotes).Speaker);
        var label = result.Sentences[1];
        Assert.Equal(SentenceRole.ReportedSpeech, label.Role);
        Assert.Equal("Adaeze Okonkwo", label.Speaker);
    }

    [Fact]
    public void Attribute_SurnameOnlyReportedSpeech_ResolvesToFullName()
    {
        var result = Run(
            ["Trade Secretary Marta Lindqvist opened the fair on Tuesday."],
            ["Lindqvist said exports had grown for a third year."],
            ["“We are only getting started,” Lindqvist said."]);

        Assert.Equal("Marta Lindqvist", result.Sentences[1].Speaker);
        Assert.Equal("Marta Lindqvist", Assert.Single(result.Quotes).Speaker);
    }

    private static AttributionResult Run(params string[][] paragraphs)
    {
        var article = ArticleBuilder.Build(paragraphs);
        return SpeakerAttributor.Attribute(article, EntityExtractor.Extract(article));
    }
}
