using FsCheck.Xunit;
using Pipeline.Core.Classification.Duplicates;
using Xunit;

namespace Pipeline.Core.Tests.Classification.Duplicates;

public class MinHasherTests
{
    private const string Story =
        "Rail workers across the north of England will walk out for 48 hours next week after talks over pay collapsed on " +
        "Tuesday, the union said. We have given the company every chance to make a fair offer, and they have chosen " +
        "confrontation, said the union's general secretary. Our members are not asking for the moon. The operator, which " +
        "runs most services in the region, said the strike was unnecessary and deeply disappointing. A spokeswoman said " +
        "contingency timetables would be published on Friday. Commuters in Leeds and Manchester reacted with weary " +
        "resignation, saying it was the fourth strike this year and that they had run out of patience with both sides.";

    private const string OtherStoryOnSameSubject =
        "The transport secretary urged rail unions on Wednesday to put a new offer to their members, warning that further " +
        "strikes in the north of England would cost the economy millions. Speaking in the Commons, she said the government " +
        "had gone as far as it responsibly could on pay and that reform of working practices was not optional. The " +
        "opposition accused ministers of hiding behind the operators, and the union announced two further days of action " +
        "in December, saying its members were not asking for the moon but for a fair deal after years of pay restraint.";

    [Fact]
    public void BandOf_ReadsTheBandNumberBackFromEachKey()
    {
        var options = MinHashOptions.Default with { Version = "v22" };
        var keys = MinHasher.BandKeys(MinHasher.Sketch(Story, options).Signature, options);

        Assert.Equal(Enumerable.Range(0, options.Bands), keys.Select(MinHasher.BandOf));
        Assert.Throws<ArgumentException>(() => MinHasher.BandOf("members"));
        Assert.Throws<ArgumentException>(() => MinHasher.BandOf("m1-x3-9f2c41d07a55be10"));
    }

    [Fact]
    public void Signature_SameText_IsDeterministic()
    {
        Assert.Equal(MinHasher.Signature(Story, MinHashOptions.Default), MinHasher.Signature(Story, MinHashOptions.Default));
        Assert.Equal(MinHashOptions.Default.HashCount, MinHasher.Signature(Story, MinHashOptions.Default).Length);
    }

    [Fact]
    public void Signature_CaseAndApostrophes_AreNormalised()
    {
        var a = MinHasher.Signature("Iran’s missile program is NOT open to negotiation, the minister said.", MinHashOptions.Default);
        var b = MinHasher.Signature("iran's missile program is not open to negotiation the minister said", MinHashOptions.Default);

        Assert.Equal(1.0, MinHasher.EstimateJaccard(a, b));
    }

    [Fact]
    public void EstimateJaccard_EmptyTexts_AreNotSimilar()
    {
        var empty = MinHasher.Signature("  ... ", MinHashOptions.Default);

        Assert.Equal(0, MinHasher.EstimateJaccard(empty, empty));
        Assert.Empty(MinHasher.BandKeys(empty, MinHashOptions.Default));
    }

    [Fact]
    public void BandKeys_Text_HasOneStableKeyPerBand()
    {
        var keys = MinHasher.BandKeys(MinHasher.Signature(Story, MinHashOptions.Default), MinHashOptions.Default);

        Assert.Equal(MinHashOptions.Default.Bands, keys.Count);
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.All(keys, k => Assert.StartsWith("m1-", k, StringComparison.Ordinal));
    }

    [Property(MaxTest = 100)]
    public bool BandKeys_AnyText_AreSafeAzureTableKeys(string? text)
    {
        var keys = MinHasher.BandKeys(MinHasher.Signature(text ?? string.Empty, MinHashOptions.Default), MinHashOptions.Default);

        return keys.All(k => k.Length is > 0 and < 64 && k.All(c => char.IsAsciiLetterOrDigit(c) || c == '-'));
    }

    [Property(MaxTest = 100)]
    public bool EstimateJaccard_AnyTexts_IsSymmetricAndBounded(string? a, string? b)
    {
        var sa = MinHasher.Signature(a ?? string.Empty, MinHashOptions.Default);
        var sb = MinHasher.Signature(b ?? string.Empty, MinHashOptions.Default);
        var j = MinHasher.EstimateJaccard(sa, sb);

        return j is >= 0 and <= 1 && j == MinHasher.EstimateJaccard(sb, sa);
    }

    [Fact]
    public void IsNearDuplicate_SyndicatedCopy_IsDuplicate()
    {
        var copy = "LONDON (Reuters) - " + Story + " Reporting by Sarah White; Editing by Tom Hogue";

        Assert.True(NearDuplicateJudge.IsNearDuplicate(Sketch(Story), Sketch(copy)));
    }

    [Fact]
    public void IsNearDuplicate_CopyContainingMostOfAnother_IsDuplicate()
    {
        var sentences = Story.Split(". ");
        var excerpt = string.Join(". ", sentences.Take(sentences.Length - 1));
        var longer = excerpt + ". " + OtherStoryOnSameSubject;

        var similarity = NearDuplicateJudge.Compare(Sketch(excerpt), Sketch(longer));

        Assert.True(similarity.Jaccard < 0.5, $"Jaccard {similarity.Jaccard} should be low for this test to mean anything.");
        Assert.True(NearDuplicateJudge.IsNearDuplicate(Sketch(excerpt), Sketch(longer)));
    }

    [Fact]
    public void IsNearDuplicate_DifferentStoryOnSameSubject_IsNotDuplicate()
    {
        Assert.False(NearDuplicateJudge.IsNearDuplicate(Sketch(Story), Sketch(OtherStoryOnSameSubject)));
    }

    [Theory]
    [InlineData(0.5, 100, 50, 1.0)]
    [InlineData(1.0, 80, 80, 1.0)]
    [InlineData(0.0, 80, 80, 0.0)]
    [InlineData(0.25, 100, 100, 0.4)]
    public void Containment_FromJaccardAndSizes_MatchesSetAlgebra(double jaccard, int sizeA, int sizeB, double expected)
    {
        Assert.Equal(expected, NearDuplicateJudge.Containment(jaccard, sizeA, sizeB), 6);
    }

    [Fact]
    public void Options_MoreBandRowsThanHashes_Throw()
    {
        var options = MinHashOptions.Default with { Bands = 16, RowsPerBand = 9 };

        Assert.Throws<ArgumentOutOfRangeException>(() => MinHasher.Signature(Story, options));
    }

    private static MinHashSketch Sketch(string text) => MinHasher.Sketch(text, MinHashOptions.Default);
}
