using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>The lookup tables' key layout, on its own (no storage): it is a stored format, so its values are pinned.</summary>
public sealed class IndexPartitionsTests
{
    [Theory]
    [InlineData("person:ada lovelace")]
    [InlineData("politics")]
    [InlineData("unattributed")]
    [InlineData("place:river emmet")]
    public void PartitionOf_IsTheOneSharedPartition_TheStoredFormat(string key) =>
        Assert.Equal("S0", IndexPartitions.PartitionOf(key));

    [Theory]
    [InlineData("a", "a|0123", "0123")]
    [InlineData("a", "a|b|0123", null)] // the row of the key "a|b", inside the range of "a"
    [InlineData("a", "ab|0123", null)]
    [InlineData("a", "a|", null)]
    [InlineData("a|b", "a|b|0123", "0123")]
    public void SuffixOf_TellsAKeysOwnRowsFromALongerKeys(string key, string rowKey, string? suffix) =>
        Assert.Equal(suffix, IndexPartitions.SuffixOf(key, rowKey));

    [Fact]
    public void Upgraded_MovesRowsOfEitherEarlierLayoutIntoTheSharedPartition_AndLeavesItsOwnRowsAlone()
    {
        Assert.Equal(("S0", "person:ada lovelace|0123"), IndexPartitions.Upgraded("person:ada lovelace", "0123")); // a partition per key
        Assert.Equal(("S0", "person:ada lovelace|0123"), IndexPartitions.Upgraded("S1", "person:ada lovelace|0123")); // four hashed partitions
        Assert.Equal(("S0", "person:ada lovelace|0123"), IndexPartitions.Upgraded("S0", "person:ada lovelace|0123"));
        Assert.True(IndexPartitions.IsCurrent("S0"));
        Assert.False(IndexPartitions.IsCurrent("S3"));
        Assert.False(IndexPartitions.IsShared(TableKeys.ForName("S1"))); // name keys are lower case: never a shared partition
    }
}
