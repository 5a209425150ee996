using Azure;
using Pipeline.Core.Classification.Duplicates;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>The similarity index's memory of shared buckets: who waits for whom, and what is forgotten when it is full.</summary>
public sealed class KnownBucketsTests
{
    [Fact]
    public async Task HoldAsync_OnAKnownBucket_MakesTheNextHolderWait_ButNotAnArticleWhoseBucketsAreUnknown()
    {
        var buckets = new KnownBuckets();
        buckets.Remember("story-band", new ETag("v1"), [Member("a")]);

        var first = await buckets.HoldAsync(["story-band", "unknown-1"], CancellationToken.None);
        var second = buckets.HoldAsync(["unknown-2", "story-band"], CancellationToken.None);
        using (await buckets.HoldAsync(["unknown-1", "unknown-2"], CancellationToken.None))
        {
            Assert.False(second.IsCompleted); // a copy of the same story takes its turn
        }

        first.Dispose();
        (await second.WaitAsync(TimeSpan.FromSeconds(10))).Dispose();
    }

    [Fact]
    public void Remember_BeyondItsBound_ForgetsEverything_AndKeepsCountingFromThere()
    {
        var buckets = new KnownBuckets();
        var half = Enumerable.Range(0, KnownBuckets.MaxMembers / 2).Select(i => Member($"m{i}")).ToList();
        buckets.Remember("one", new ETag("v1"), half);
        buckets.Remember("one", new ETag("v2"), [.. half, Member("x")]); // replacing a bucket counts its members once
        Assert.NotNull(buckets.Find("one"));

        buckets.Remember("two", new ETag("v1"), half);
        Assert.Null(buckets.Find("one"));
        Assert.Null(buckets.Find("two"));

        buckets.Remember("three", new ETag("v1"), half);
        Assert.Equal(new ETag("v1"), buckets.Find("three")!.Version);
    }

    private static SimilarityIndex.BucketMember Member(string id) =>
        new(new SimilarityIndex.Member(id, 0), new MinHashSketch([1u], 1));
}
