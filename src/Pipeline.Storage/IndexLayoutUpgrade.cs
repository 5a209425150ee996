using Azure;
using Azure.Data.Tables;

namespace Pipeline.Storage;

/// <summary>
/// Moves lookup-table rows that earlier layouts wrote (a partition per key; four hashed partitions) into the one shared
/// partition (<see cref="IndexPartitions"/>), so that `mentions`, `quotes` and `topic` find every article again after an
/// upgrade without reprocessing anything, and
/// near-duplicate buckets of the earlier layouts into their one partition (<see cref="SimilarityIndex.BucketPartition"/>).
/// Each row is copied under its new keys with every property, then the old row is deleted: a crash in between leaves a
/// copy and the original, and the next run finishes the move. Idempotent, and cheap when there is nothing to move
/// (range queries that return nothing: three per lookup table, three for the buckets).
/// </summary>
public sealed class IndexLayoutUpgrade(StorageConnection connection, ResourceNames names)
{
    private const int PageSize = 1000;
    private const int MaxBatch = 100;

    // Before 2026-12-02 a band's bucket was the row (band key, "members"); band keys start with the MinHash version
    // ("m1-"), so the range below the parent rows' "~" partitions holds them all.
    private const string LegacyBucketRow = "members";

    /// <summary>Moves every row of the earlier layouts; returns how many it moved.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var moved = 0;
        foreach (var table in new[] { names.EntitiesTable, names.TopicsTable, names.QuotesTable })
        {
            var client = connection.TableService().GetTableClient(table);
            foreach (var filter in IndexPartitions.EarlierLayoutFilters)
            {
                moved += await MoveAsync(client, filter, IndexPartitions.UpgradedCopy, TableTransactionActionType.UpsertReplace, cancellationToken).ConfigureAwait(false);
            }
        }

        // Near-duplicate buckets: merged into their new row, since articles processed since the start may have
        // joined it there already; a bucket that would overflow keeps the members it has.
        var bands = connection.TableService().GetTableClient(names.SignaturesTable);
        var row = $"RowKey eq {TableKeys.Literal(LegacyBucketRow)}";
        foreach (var filter in new[] { $"{IndexPartitions.EarlierLayoutFilters[0]} and {row}", $"{IndexPartitions.EarlierLayoutFilters[1]} and PartitionKey lt '~' and {row}" })
        {
            moved += await MoveAsync(bands, filter, LegacyBucketCopy, TableTransactionActionType.UpsertMerge, cancellationToken).ConfigureAwait(false);
        }

        // Buckets of 2026-12-02 to 2026-12-03, spread over the four shared partitions by a hash of the band key, and
        // the odd bands' buckets of the eighth to the tenth session go to the buckets' partition the same way.
        foreach (var filter in new[] { HashedBucketsFilter, OddBandsFilter })
        {
            moved += await MoveAsync(bands, filter, BucketCopy, TableTransactionActionType.UpsertMerge, cancellationToken).ConfigureAwait(false);
        }

        return moved;
    }

    // S0-S3, the four shared partitions; the buckets' partition (S4) sorts just above them.
    private static readonly string HashedBucketsFilter =
        $"PartitionKey ge 'S0' and PartitionKey lt {TableKeys.Literal(SimilarityIndex.BucketsPartition)}";

    private static readonly string OddBandsFilter = $"PartitionKey eq {TableKeys.Literal(SimilarityIndex.EarlierOddBandsPartition)}";

    private static TableEntity LegacyBucketCopy(TableEntity legacy) =>
        IndexPartitions.CopyUnder(legacy, SimilarityIndex.BucketPartition(legacy.PartitionKey), legacy.PartitionKey);

    private static TableEntity BucketCopy(TableEntity earlier) =>
        IndexPartitions.CopyUnder(earlier, SimilarityIndex.BucketPartition(earlier.RowKey), earlier.RowKey);

    private static async Task<int> MoveAsync(TableClient client, string filter, Func<TableEntity, TableEntity> copyOf, TableTransactionActionType write, CancellationToken cancellationToken)
    {
        var moved = 0;
        while (true)
        {
            // Read a page, move it, read again from the start: the moved rows are gone from this range, so no
            // continuation token is needed and a concurrent upgrader only makes the next page shorter.
            var page = await ReadPageAsync(client, filter, cancellationToken).ConfigureAwait(false);
            if (page.Count == 0)
            {
                return moved;
            }

            var copies = page.Select(copyOf).GroupBy(r => r.PartitionKey);
            foreach (var partition in copies)
            {
                foreach (var chunk in partition.Chunk(MaxBatch))
                {
                    await WriteAsync(client, chunk, write, cancellationToken).ConfigureAwait(false);
                }
            }

            foreach (var partition in page.GroupBy(r => r.PartitionKey))
            {
                foreach (var chunk in partition.Chunk(MaxBatch))
                {
                    await DeleteAsync(client, chunk, cancellationToken).ConfigureAwait(false);
                }
            }

            moved += page.Count;
        }
    }

    private static async Task<List<TableEntity>> ReadPageAsync(TableClient client, string filter, CancellationToken cancellationToken) =>
        await StorageResilience.RunAsync(
            async ct =>
            {
                var rows = new List<TableEntity>();
                await foreach (var row in client.QueryAsync<TableEntity>(filter, maxPerPage: PageSize, cancellationToken: ct).ConfigureAwait(false))
                {
                    rows.Add(row);
                    if (rows.Count >= PageSize)
                    {
                        break;
                    }
                }

                return rows;
            },
            cancellationToken).ConfigureAwait(false);

    private static async Task SubmitAsync(TableClient client, IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        await StorageResilience.RunAsync(async ct => await client.SubmitTransactionAsync(actions, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Writes copies in one transaction; when one of them cannot be merged (a bucket that would pass the property limit)
    /// the transaction fails as a whole, and they are written one by one, that one left as it is.
    /// </summary>
    private static async Task WriteAsync(TableClient client, IReadOnlyList<TableEntity> rows, TableTransactionActionType write, CancellationToken cancellationToken)
    {
        try
        {
            await SubmitAsync(client, rows.Select(r => new TableTransactionAction(write, r)).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException e) when (SimilarityIndex.IsBucketFull(e))
        {
            var mode = write == TableTransactionActionType.UpsertMerge ? TableUpdateMode.Merge : TableUpdateMode.Replace;
            foreach (var row in rows)
            {
                try
                {
                    await StorageResilience.RunAsync(async ct => await client.UpsertEntityAsync(row, mode, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException single) when (SimilarityIndex.IsBucketFull(single))
                {
                    // Full: the members already in the new bucket stand for this band key.
                }
            }
        }
    }

    /// <summary>
    /// Deletes moved rows in one transaction; when another upgrader deleted one of them first the transaction fails as a
    /// whole, and the rows are deleted one by one (a missing row counts as deleted).
    /// </summary>
    private static async Task DeleteAsync(TableClient client, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        try
        {
            await SubmitAsync(client, rows.Select(r => new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(r.PartitionKey, r.RowKey), ETag.All)).ToList(), cancellationToken).ConfigureAwait(false);
        }
        catch (TableTransactionFailedException)
        {
            foreach (var row in rows)
            {
                await StorageResilience.RunAsync(
                    async ct => await client.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
