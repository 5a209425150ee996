using Azure.Data.Tables;

namespace Pipeline.Storage;

/// <summary>
/// Where the rows of the lookup tables (entities, topics, quotes) live. A lookup key (an entity's kind and name, a topic
/// label, a speaker) does not own a partition: every key's rows sit in the table's one shared partition,
/// <see cref="Partition"/>, with row keys that start with the key. "Articles mentioning X" is one partition read (a row
/// key range), and all of one article's rows in a table go in one batch transaction.
/// <para>
/// The partition is part of the stored format. Earlier layouts, which <see cref="IndexLayoutUpgrade"/> moves here: until
/// 2026-12-02 each key had a partition of its own; until 2026-12-03 (tenth session) the rows were spread over four shared
/// partitions, <c>S0</c> to <c>S3</c>, by a hash of the key, so one article's rows in a table took up to four
/// transactions. One partition of Azure Table Storage serves about 2,000 entities a second, which with a dozen entity
/// rows per article is some 160 articles a second: the first ceiling a deployment would meet, traded for 3.6 requests
/// per article fewer (see README, "Where the storage requests go").
/// </para>
/// </summary>
public static class IndexPartitions
{
    /// <summary>The one partition of each lookup table. "S0" was one of the four of the layout before, so its rows stay put.</summary>
    public const string Partition = Prefix + "0";

    // Name keys (TableKeys.ForName) are lower case, so an upper-case partition name can never be a key of the layout
    // before sharding, where each lookup key was its own partition: that is how the upgrade tells the two apart.
    private const string Prefix = "S";
    private const char Separator = '|';
    private const char AfterSeparator = '}'; // the next character: every row key "key|..." sorts below "key}"

    /// <summary>
    /// The partition holding <paramref name="lookupKey"/>'s rows: <see cref="Partition"/> for every key. Callers still
    /// ask per key, so that a layout which spreads keys again changes this one place.
    /// </summary>
    public static string PartitionOf(string lookupKey)
    {
        ArgumentNullException.ThrowIfNull(lookupKey);
        return Partition;
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

    /// <summary>True for a shared partition's name (this layout's or the four of the one before), false for a partition of the layout before sharding.</summary>
    public static bool IsShared(string partitionKey) =>
        partitionKey.Length >= 2 && partitionKey.StartsWith(Prefix, StringComparison.Ordinal) && partitionKey[Prefix.Length..].All(char.IsAsciiDigit);

    /// <summary>True when a row in <paramref name="partitionKey"/> is where this layout puts it; false for a row an earlier layout wrote.</summary>
    public static bool IsCurrent(string partitionKey) => partitionKey == Partition;

    /// <summary>
    /// Where a row of an earlier layout lives now: a per-key partition's row (its partition key was the lookup key and
    /// its row key the suffix) and a row of the four hashed partitions (its row key starts with the lookup key already)
    /// both go to <see cref="Partition"/>. Rows already there are returned unchanged.
    /// </summary>
    public static (string PartitionKey, string RowKey) Upgraded(string partitionKey, string rowKey) =>
        IsShared(partitionKey) ? (Partition, rowKey) : (Partition, RowKey(partitionKey, rowKey));

    /// <summary>
    /// The OData filters that find rows of earlier layouts: every partition key below "S0" and above "S9~" (one
    /// partition per key), and the shared partitions after "S0" (the four hashed ones), as range queries (an "or" would
    /// make the service scan the current partition too).
    /// </summary>
    internal static IReadOnlyList<string> EarlierLayoutFilters { get; } =
    [
        $"PartitionKey lt {TableKeys.Literal(Partition)}",
        $"PartitionKey gt {TableKeys.Literal(Prefix + "9~")}",
        $"PartitionKey gt {TableKeys.Literal(Partition)} and PartitionKey lt {TableKeys.Literal(Prefix + "9~")}",
    ];

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
