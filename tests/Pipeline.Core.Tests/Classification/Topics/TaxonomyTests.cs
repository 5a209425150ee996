namespace Pipeline.Core.Tests.Classification.Topics;

using Pipeline.Core.Classification.Topics;
using Xunit;

public class TaxonomyTests
{
    [Fact]
    public void Default_Loads_SeventeenIptcTopLevelLabels()
    {
        var taxonomy = Taxonomy.Default;

        Assert.Equal(17, taxonomy.Labels.Count);
        Assert.Contains(taxonomy.Labels, l => l.Name == "sport" && l.Code == "medtop:15000000");
        Assert.All(taxonomy.Labels, l => Assert.False(string.IsNullOrWhiteSpace(l.Description), l.Name));
        Assert.Contains(taxonomy.Labels.SelectMany(l => l.Terms), t => t.Text.Contains(' ', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("yankees")]
    [InlineData("expos")]
    [InlineData("john kerry")]
    [InlineData("tony blair")]
    [InlineData("enron")]
    [InlineData("centrino")]
    [InlineData("microsoft")]
    [InlineData("euro 2004")]
    [InlineData("fallujah")]
    [InlineData("greta thunberg")]
    public void Default_HoldsNoNamesTiedToOneEra(string name)
    {
        // Names of teams, people, companies and products say when a text was written more than what it is about;
        // they were pruned from the lexicon and must not come back.
        Assert.DoesNotContain(Taxonomy.Default.Labels.SelectMany(l => l.Terms), t => t.Text == name);
    }

    [Fact]
    public void Parse_BoostedAndPlainTerms_ReadsWeights()
    {
        var taxonomy = Taxonomy.Parse("""{"version": "t1", "labels": {"missile programme": {"weight": 1.5, "terms": ["ballistic missile^3", "warhead"]}}}""");

        var label = Assert.Single(taxonomy.Labels);
        Assert.Equal("t1", taxonomy.Version);
        Assert.Equal("missile programme", label.Name);
        Assert.Equal(1.5, label.Weight);
        Assert.Equal([new TopicTerm("ballistic missile", 3), new TopicTerm("warhead", 1)], label.Terms);
    }

    [Fact]
    public void Parse_ObjectTermsAndArrayShorthand_AreAccepted()
    {
        var taxonomy = Taxonomy.Parse("""{"labels": {"a": {"terms": {"alpha": 2, "beta gamma": 0.5}}, "b": ["delta", "epsilon^2"]}}""");

        Assert.Equal("custom", taxonomy.Version);
        Assert.Equal([new TopicTerm("alpha", 2), new TopicTerm("beta gamma", 0.5)], taxonomy.Labels[0].Terms);
        Assert.Equal([new TopicTerm("delta", 1), new TopicTerm("epsilon", 2)], taxonomy.Labels[1].Terms);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("""{"version": "x"}""")]
    [InlineData("""{"labels": []}""")]
    [InlineData("""{"labels": {"a": {"terms": [1, 2]}}}""")]
    [InlineData("""{"labels": {"a": {"terms": ["  "]}}}""")]
    [InlineData("""{"labels": {"a": {"terms": ["x^-2"]}}}""")]
    [InlineData("""{"labels": {"a": {"terms": ["x"], "weight": 0}}}""")]
    [InlineData("""{"labels": {"a": {"terms": ["x"], "mode": "explode"}}}""")]
    [InlineData("""{"labels": {"a": {"terms": {"x": "heavy"}}}}""")]
    [InlineData("""{"labels": {"a": {}}}""")]
    public void Parse_MalformedDocument_ThrowsTaxonomyFormatException(string json)
    {
        var ex = Assert.Throws<TaxonomyFormatException>(() => Taxonomy.Parse(json));

        Assert.False(string.IsNullOrWhiteSpace(ex.Message));
    }

    [Fact]
    public void Merge_NewLabel_IsAddedAfterDefaults()
    {
        var merged = Taxonomy.Default.Merge(Taxonomy.Parse("""{"version": "acme-2", "labels": {"missile programme": ["ballistic missile^3"]}}"""));

        Assert.Equal(18, merged.Labels.Count);
        Assert.Equal("missile programme", merged.Labels[^1].Name);
        Assert.Equal("2+acme-2", merged.Version);
    }

    [Fact]
    public void Merge_ExistingLabel_ExtendsTermsAndOverridesWeights()
    {
        var baseline = Taxonomy.Parse("""{"version": "b", "labels": {"sport": ["football^2", "tennis"]}}""");

        var merged = baseline.Merge(Taxonomy.Parse("""{"version": "o", "labels": {"SPORT": {"terms": ["tennis^3", "padel"], "weight": 2}}}"""));

        var sport = Assert.Single(merged.Labels);
        Assert.Equal("sport", sport.Name);
        Assert.Equal(2, sport.Weight);
        Assert.Equal([new TopicTerm("football", 2), new TopicTerm("tennis", 3), new TopicTerm("padel", 1)], sport.Terms);
    }

    [Fact]
    public void Merge_ReplaceMode_DropsBaseTerms()
    {
        var baseline = Taxonomy.Parse("""{"labels": {"sport": ["football", "tennis"]}}""");

        var merged = baseline.Merge(Taxonomy.Parse("""{"labels": {"sport": {"mode": "replace", "terms": ["padel"]}}}"""));

        Assert.Equal([new TopicTerm("padel", 1)], Assert.Single(merged.Labels).Terms);
    }

    [Fact]
    public void Merge_RemoveMode_DropsLabel()
    {
        var merged = Taxonomy.Default.Merge(Taxonomy.Parse("""{"labels": {"weather": {"mode": "remove"}}}"""));

        Assert.Equal(16, merged.Labels.Count);
        Assert.DoesNotContain(merged.Labels, l => l.Name == "weather");
    }

    [Fact]
    public void Merge_DoesNotChangeEitherInput()
    {
        var overlay = Taxonomy.Parse("""{"labels": {"sport": ["padel"]}}""");
        var before = Taxonomy.Default.Labels.Single(l => l.Name == "sport").Terms.Count;

        _ = Taxonomy.Default.Merge(overlay);

        Assert.Equal(before, Taxonomy.Default.Labels.Single(l => l.Name == "sport").Terms.Count);
        Assert.Single(overlay.Labels);
    }
}
