using Azure.Data.Tables;

namespace Pipeline.Storage;

/// <summary>
/// Where the rows of the lookup tables (entities, topics, quotes) live. A lookup key (an entity's kind and name, a topic
/// label, a speaker) no longer owns a partition: its rows sit in one of <see cref="Count"/> shared partitions chosen by a
/// hash of the key, with row keys that start with the key. "Articles mentioning X" is still one partition read (a row
/// key range), while one article's dozen entity rows fall into at most four partitions, so they go in at most four
/// batch transactions instead of one request each (see README, "Where the storage requests go").
/// <para>
/// The hash and <see cref="Count"/> are part of the stored format: changing either hides every row already written.
/// Four partitions still give Azure room to spread the load: each serves about 2,000 entities/s, far above what the
/// pipeline writes.
/// </para>
/// </summary>
public static class IndexPartitions
{
    /// <summary>How many shared partitions each lookup table has.</summary>
    public const int Count = 4;

    // Name keys (TableKeys.ForName) are lower case, so an upper-case partition name can never be a key of the layout
    // before sharding, where each lookup key was its own partition: that is how the upgrade tells the two apart.
    private const string Prefix = "S";
    private const char Separator = '|';
    private const char AfterSeparator = '}'; // the next character: every row key "key|..." sorts below "key}"

    /// <summary>The shared partition holding <paramref name="lookupKey"/>'s rows: "S0" to "S3".</summary>
    public static string PartitionOf(string lookupKey)
    {
        ArgumentNullException.ThrowIfNull(lookupKey);

        // FNV-1a over the UTF-16 code units: stable across processes and versions, unlike string.GetHashCode.
        var hash = 2166136261u;
        foreach (var c in lookupKey)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return Prefix + (hash % Count).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The row key of one row of <paramref name="lookupKey"/>: the key, a separator, then what orders its rows.</summary>
    public static string RowKey(string lookupKey, string suffix) => lookupKey + Separator + suffix;

    /// <summary>The OData filter that reads <paramref name="lookupKey"/>'s rows: one partition, one row key range.</summary>
    public static string Filter(string lookupKey) =>
        $"PartitionKey eq {TableKeys.Literal(PartitionOf(lookupKey))} and RowKey gt {TableKeys.Literal(lookupKey + Separator)} and RowKey lt {TableKeys.Literal(lookupKey + AfterSeparator)}";

    /// <summary>
    /// The part of <paramref name="rowKey"/> after <paramref name="lookupKey"/>, or null when the row belongs to another
    /// key. The range of "a" also holds the rows of a name such as "a|b"; suffixes never contain the separator, so
    /// those are told apart here.
    /// </summary>
    public static string? SuffixOf(string lookupKey, string rowKey)
    {
        ArgumentNullException.ThrowIfNull(lookupKey);
        ArgumentNullException.ThrowIfNull(rowKey);
        return rowKey.Length > lookupKey.Length + 1
            && rowKey.StartsWith(lookupKey, StringComparison.Ordinal)
            && rowKey[lookupKey.Length] == Separator
            && rowKey.IndexOf(Separator, lookupKey.Length + 1) < 0
                ? rowKey[(lookupKey.Length + 1)..]
                : null;
    }

    /// <summary>True for a shared partition's name, false for a partition of the layout before sharding.</summary>
    public static bool IsShared(string partitionKey) =>
        partitionKey.Length >= 2 && partitionKey.StartsWith(Prefix, StringComparison.Ordinal) && partitionKey[Prefix.Length..].All(char.IsAsciiDigit);

    /// <summary>
    /// Where a row of the layout before sharding lives now: its partition key was the lookup key and its row key the
    /// suffix. Rows in shared partitions are returned unchanged.
    /// </summary>
    public static (string PartitionKey, string RowKey) Upgraded(string partitionKey, string rowKey) =>
        IsShared(partitionKey) ? (partitionKey, rowKey) : (PartitionOf(partitionKey), RowKey(partitionKey, rowKey));

    /// <summary>
    /// The OData filters that find rows of the layout before sharding: every partition key below "S0" and above "S9~",
    /// as two range queries (an "or" of the two would make the service scan the shared partitions too).
    /// </summary>
    internal static IReadOnlyList<string> LegacyFilters { get; } =
        [$"PartitionKey lt {TableKeys.Literal(Prefix + "0")}", $"PartitionKey gt {TableKeys.Literal(Prefix + "9~")}"];

    /// <summary>A copy of <paramref name="row"/> under its upgraded keys, every property kept.</summary>
    internal static TableEntity UpgradedCopy(TableEntity row)
    {
        var (partitionKey, rowKey) = Upgraded(row.PartitionKey, row.RowKey);
        return CopyUnder(row, partitionKey, rowKey);
    }

    /// <summary>A copy of <paramref name="row"/>'s own properties (not its keys, timestamp or version) under other keys.</summary>
    internal static TableEntity CopyUnder(TableEntity row, string partitionKey, string rowKey)
    {
        var copy = new TableEntity(partitionKey, rowKey);
        foreach (var (name, value) in row)
        {
            if (name is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
            {
                copy[name] = value;
            }
        }

        return copy;
    }
}
