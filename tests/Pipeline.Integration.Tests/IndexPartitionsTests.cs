using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>The lookup tables' key layout, on its own (no storage): it is a stored format, so its values are pinned.</summary>
public sealed class IndexPartitionsTests
{
    [Theory]
    [InlineData("person:ada lovelace", "S1")]
    [InlineData("politics", "S2")]
    [InlineData("unattributed", "S2")]
    [InlineData("organization:health and safety executive", "S1")]
    [InlineData("place:river emmet", "S0")]
    public void PartitionOf_IsTheStoredFormat_AndNeverChanges(string key, string partition) =>
        Assert.Equal(partition, IndexPartitions.PartitionOf(key));

    [Fact]
    public void PartitionOf_SpreadsKeysOverEveryPartition()
    {
        var counts = Enumerable.Range(0, 4000).Select(i => IndexPartitions.PartitionOf($"person:someone {i}")).CountBy(p => p).ToDictionary();
        Assert.Equal(IndexPartitions.Count, counts.Count);
        Assert.All(counts.Values, n => Assert.InRange(n, 800, 1200));
    }

    [Theory]
    [InlineData("a", "a|0123", "0123")]
    [InlineData("a", "a|b|0123", null)] // the row of the key "a|b", inside the range of "a"
    [InlineData("a", "ab|0123", null)]
    [InlineData("a", "a|", null)]
    [InlineData("a|b", "a|b|0123", "0123")]
    public void SuffixOf_TellsAKeysOwnRowsFromALongerKeys(string key, string rowKey, string? suffix) =>
        Assert.Equal(suffix, IndexPartitions.SuffixOf(key, rowKey));

    [Fact]
    public void Upgraded_MovesAKeyPartitionIntoItsSharedPartition_AndLeavesSharedRowsAlone()
    {
        Assert.Equal(("S1", "person:ada lovelace|0123"), IndexPartitions.Upgraded("person:ada lovelace", "0123"));
        Assert.Equal(("S1", "person:ada lovelace|0123"), IndexPartitions.Upgraded("S1", "person:ada lovelace|0123"));
        Assert.False(IndexPartitions.IsShared(TableKeys.ForName("S1"))); // name keys are lower case: never a shared partition
    }
}
