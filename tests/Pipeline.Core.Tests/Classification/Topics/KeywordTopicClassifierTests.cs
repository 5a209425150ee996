namespace Pipeline.Core.Tests.Classification.Topics;

using FsCheck.Xunit;
using Pipeline.Core.Classification.Topics;
using Xunit;

public class KeywordTopicClassifierTests
{
    private static readonly KeywordTopicClassifier Classifier = new();

    [Theory]
    [InlineData("sport", "Rovers snatch late equaliser", "The striker headed in a corner in stoppage time to earn the visitors a point and keep them two places above the relegation zone.")]
    [InlineData("sport", "Champion through to semi-finals", "The second seed won in straight sets on the clay court and will face the defending champion for a place in the final.")]
    [InlineData("economy-business-finance", "Utility profit beats forecasts", "The energy supplier reported a 12 percent rise in quarterly operating profit and raised its dividend, sending its shares up in early trading.")]
    [InlineData("economy-business-finance", "Central bank leaves rates on hold", "Policymakers kept the benchmark interest rate at 5 percent, saying inflation was easing but wage growth remained strong.")]
    [InlineData("science-technology", "Start-up releases open-source database", "The new database engine runs on Linux servers and is written for developers building cloud applications, the company said.")]
    [InlineData("science-technology", "Probe photographs icy moon", "The spacecraft sent back images of cracks on the surface of the moon, which scientists think hides an ocean of liquid water.")]
    [InlineData("politics", "Parliament passes election reform", "Lawmakers voted 210 to 140 to lower the voting age to 16, a measure the opposition said it would challenge before the constitutional court.")]
    [InlineData("conflict-war-peace", "Troops push into rebel-held town", "Army units backed by artillery advanced on the town after militants ambushed a convoy, killing six soldiers, the military said.")]
    [InlineData("weather", "Cold snap to bring snow", "Forecasters expect temperatures to fall below freezing overnight, with snow showers and icy roads across the north on Friday.")]
    [InlineData("health", "Measles vaccination drive begins", "Health officials began vaccinating children in schools after an outbreak of measles put twenty patients in hospital.")]
    public void Classify_ShortNewsItem_TopLabelIsTheTopic(string expected, string title, string text)
    {
        var topics = Classifier.Classify(title, text);

        Assert.NotEmpty(topics);
        Assert.Equal(expected, topics[0].Label);
    }

    [Fact]
    public void Classify_Result_CarriesEvidenceThatDroveEachLabel()
    {
        var topics = Classifier.Classify("Quarterback throws four touchdowns", "The quarterback threw four touchdown passes as the home team won its third straight game.");

        var sport = Assert.Single(topics, t => t.Label == "sport");
        Assert.Contains("quarterback", sport.Evidence);
        Assert.Contains(sport.Evidence, e => e.StartsWith("touchdown", StringComparison.Ordinal));
    }

    [Fact]
    public void Classify_Phrase_WinsOverItsWords()
    {
        var topics = Classifier.Classify(string.Empty, "Fans are already booking flights for the World Cup next summer.");

        Assert.Equal("sport", topics[0].Label);
        Assert.Contains("world cup", topics[0].Evidence);
    }

    [Fact]
    public void Classify_InflectedForms_MatchStemmedTerms()
    {
        var taxonomy = Taxonomy.Parse("""{"labels": {"missile programme": ["ballistic missile^3", "warhead"]}}""");
        var classifier = new KeywordTopicClassifier(taxonomy);

        var topics = classifier.Classify(string.Empty, "The regime tested two ballistic missiles carrying dummy warheads.");

        var label = Assert.Single(topics);
        Assert.Equal("missile programme", label.Label);
        Assert.Equal(["ballistic missile", "warhead"], label.Evidence);
    }

    [Theory]
    [InlineData("The WHO said the outbreak was over.", true)]
    [InlineData("Those who said the outbreak was over were wrong.", false)]
    public void Classify_AllCapitalTerm_MatchesOnlyCapitals(string text, bool matches)
    {
        // Matching is what is tested: any evidence at all counts (MinEvidence 0).
        var classifier = new KeywordTopicClassifier(Taxonomy.Parse("""{"labels": {"health": ["WHO"]}}"""), new KeywordClassifierOptions { MinEvidence = 0 });

        Assert.Equal(matches, classifier.Classify(string.Empty, text).Count == 1);
    }

    [Fact]
    public void Classify_DottedAbbreviation_IsOneWord()
    {
        var classifier = new KeywordTopicClassifier(Taxonomy.Parse("""{"labels": {"politics": ["US"]}}"""), new KeywordClassifierOptions { MinEvidence = 0 });

        Assert.Single(classifier.Classify(string.Empty, "U.S. officials declined to comment."));
        Assert.Empty(classifier.Classify(string.Empty, "Let us know."));
    }

    [Fact]
    public void Classify_UserTaxonomyMergedOntoDefault_AddsItsLabel()
    {
        var taxonomy = Taxonomy.Default.Merge(Taxonomy.Parse("""{"version": "acme-2", "labels": {"missile programme": {"weight": 2, "terms": ["ballistic missile^3", "warhead", "icbm^2"]}}}"""));
        var classifier = new KeywordTopicClassifier(taxonomy);

        var topics = classifier.Classify("North tests new ICBM", "The ballistic missile flew for 70 minutes and could carry a heavier warhead, analysts said.");

        Assert.Equal("missile programme", topics[0].Label);
        Assert.Equal("keywords/2-2+acme-2", classifier.ModelId);
    }

    [Fact]
    public void ModelId_DefaultTaxonomy_IsKeywordsOne()
    {
        Assert.Equal("keywords/2", Classifier.ModelId);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("", "   \n\n  ")]
    [InlineData("Untitled", "Lorem ipsum dolor sit amet.")]
    public void Classify_NoEvidence_ReturnsNoLabels(string title, string text)
    {
        Assert.Empty(Classifier.Classify(title, text));
    }

    [Fact]
    public void Classify_TextAboutTwoTopics_ReturnsBothAboveThreshold()
    {
        var topics = Classifier.Classify(
            "Stadium deal lifts builder's shares",
            "The construction group's shares jumped 8 percent after it won a 2 billion dollar contract to build the new football stadium for the club, which plays in the Premier League.");

        Assert.Contains(topics, t => t.Label == "sport");
        Assert.Contains(topics, t => t.Label == "economy-business-finance");
    }

    [Property(MaxTest = 200)]
    public void Classify_AnyText_ScoresInUnitIntervalOrderedDescending(string? title, string? text)
    {
        var topics = Classifier.Classify(title ?? string.Empty, text ?? string.Empty);

        Assert.All(topics, t => Assert.InRange(t.Score, 0.0, 1.0));
        Assert.Equal(topics.OrderByDescending(t => t.Score).Select(t => t.Label), topics.Select(t => t.Label));
        Assert.Equal(topics.Count, topics.Select(t => t.Label).Distinct().Count());
    }

    [Property(MaxTest = 100)]
    public void Classify_SameInput_SameOutput(string? text)
    {
        var sample = "Shares of the chipmaker fell after the election. " + (text ?? string.Empty);

        var first = Classifier.Classify("Markets", sample);
        var second = new KeywordTopicClassifier().Classify("Markets", sample);

        Assert.Equal(first.Select(t => (t.Label, t.Score, string.Join('|', t.Evidence))), second.Select(t => (t.Label, t.Score, string.Join('|', t.Evidence))));
    }
    [Fact]
    public void Classify_OnePlainWordOfEvidence_IsNoConfidentTopic()
    {
        // "season" alone could be sport, weather or fashion: no topic is a better answer than a guess.
        Assert.Empty(Classifier.Classify(string.Empty, "The new season starts next week."));
    }

    [Fact]
    public void Classify_TermSharedByTwoLabels_CountsLessThanATermOfOneLabel()
    {
        var taxonomy = Taxonomy.Parse("""{"labels": {"harbour": ["ferry^2"], "roads": ["crossing^3"], "rail": ["crossing^3"]}}""");
        var discounted = new KeywordTopicClassifier(taxonomy, new KeywordClassifierOptions { MinEvidence = 0 });
        var plain = new KeywordTopicClassifier(taxonomy, new KeywordClassifierOptions { MinEvidence = 0, DiscountSharedTerms = false });

        const string Text = "The ferry and the crossing.";

        // "crossing" names no single label, "ferry" does: shared weight is split between the labels that list it.
        Assert.Equal("harbour", discounted.Classify(string.Empty, Text)[0].Label);
        Assert.NotEqual("harbour", plain.Classify(string.Empty, Text)[0].Label);
    }
}
