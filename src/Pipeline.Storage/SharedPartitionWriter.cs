using System.Collections.Concurrent;
using Azure.Data.Tables;

namespace Pipeline.Storage;

/// <summary>
/// Upserts rows into partitions that many articles share: the lookup tables' shared partitions, the activity log's hour,
/// a near-duplicate cluster. Rows that concurrent callers send to one table partition while a write to it is under way
/// go out together in the next transaction, instead of a request each (a group commit). Nothing waits on purpose: a
/// write to a quiet partition is sent at once, as it was before, and the merging grows with the load, when the
/// requests are slowest (see README, "Where the storage requests go").
/// <para>
/// Each caller's task completes when its own rows are stored. A transaction is all or nothing, so when one that merged
/// several callers' rows is refused (beyond the transient faults <see cref="StorageResilience"/> retries), each caller's
/// rows are sent again on their own: only a caller whose own rows are refused sees the error.
/// </para>
/// </summary>
public sealed class SharedPartitionWriter(StorageConnection connection)
{
    private const int MaxBatch = 100; // entities in one transaction
    private const long MaxBatchBytes = 3_000_000; // a transaction's payload may not exceed 4 MiB

    private readonly TableServiceClient tables = connection.TableService();

    // One lane per table partition with writes waiting or under way; a lane that runs dry is removed, so partitions that
    // come and go (an hour of the activity log, a cluster) leave nothing behind.
    private readonly ConcurrentDictionary<(string Table, string Partition), Lane> lanes = new();

    /// <summary>Upserts (replaces) <paramref name="rows"/>, which may span partitions, merged with other callers' rows where they share one.</summary>
    public Task UpsertAsync(string table, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var writes = rows.GroupBy(row => row.PartitionKey, StringComparer.Ordinal).Select(group => Enqueue(table, group.Key, group.ToList())).ToList();
        return Task.WhenAll(writes).WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Splits one partition's rows into transactions within the service's limits: 100 entities and 4 MiB. A quote or a
    /// sentence may hold up to 30,000 characters, so a batch can reach the size limit before the count.
    /// </summary>
    internal static IEnumerable<List<TableEntity>> Batches(IEnumerable<TableEntity> rows)
    {
        var batch = new List<TableEntity>();
        var bytes = 0L;
        foreach (var row in rows)
        {
            var size = EstimatedBytes(row);
            if (batch.Count > 0 && (batch.Count == MaxBatch || bytes + size > MaxBatchBytes))
            {
                yield return batch;
                batch = [];
                bytes = 0;
            }

            batch.Add(row);
            bytes += size;
        }

        if (batch.Count > 0)
        {
            yield return batch;
        }
    }

    /// <summary>Sends one partition's rows: a single upsert for one row, else one transaction (the caller keeps within the limits).</summary>
    internal static async Task SendAsync(TableClient client, IReadOnlyList<TableEntity> rows, CancellationToken cancellationToken)
    {
        if (rows.Count == 1)
        {
            await StorageResilience.RunAsync(
                async ct => await client.UpsertEntityAsync(rows[0], TableUpdateMode.Replace, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var actions = rows.Select(row => new TableTransactionAction(TableTransactionActionType.UpsertReplace, row)).ToList();
        await StorageResilience.RunAsync(
            async ct => await client.SubmitTransactionAsync(actions, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    // Three bytes per character covers any UTF-8 text, plus room for the property names and the JSON around them.
    private static long EstimatedBytes(TableEntity row) =>
        512 + row.Sum(p => (3L * p.Key.Length) + 32 + (p.Value is string text ? 3L * text.Length : 32));

    private Task Enqueue(string table, string partition, List<TableEntity> rows)
    {
        var write = new Write(rows);
        var key = (table, partition);
        while (true)
        {
            var lane = lanes.GetOrAdd(key, _ => new Lane());
            bool start;
            lock (lane)
            {
                if (lane.Closed)
                {
                    continue; // it ran dry and was removed just now: take the next one
                }

                lane.Waiting.Add(write);
                start = !lane.Sending;
                lane.Sending = true;
            }

            if (start)
            {
                // The lane sends other callers' rows too: without the first caller's context (its trace, its log
                // scopes), so that those requests are not counted as that caller's.
                using (ExecutionContext.SuppressFlow())
                {
                    _ = Task.Run(() => DrainAsync(key, lane));
                }
            }

            return write.Stored.Task;
        }
    }

    /// <summary>Sends what waits in a lane, then what arrived meanwhile, until nothing is left.</summary>
    private async Task DrainAsync((string Table, string Partition) key, Lane lane)
    {
        var client = tables.GetTableClient(key.Table);
        while (true)
        {
            List<Write> writes;
            lock (lane)
            {
                if (lane.Waiting.Count == 0)
                {
                    lane.Closed = true;
                    lanes.TryRemove(KeyValuePair.Create(key, lane));
                    return;
                }

                writes = lane.Waiting;
                lane.Waiting = [];
            }

            try
            {
                foreach (var batch in Pack(writes))
                {
                    await SendBatchAsync(client, batch).ConfigureAwait(false);
                }
            }
            catch (Exception e)
            {
                // SendBatchAsync settles every write it is given; this is for a fault of ours before that, so that no
                // caller waits forever and the lane goes on with what arrived meanwhile.
                foreach (var write in writes)
                {
                    write.Fail(e);
                }
            }
        }
    }

    /// <summary>
    /// Packs the waiting writes into transactions: each write whole where it fits, in arrival order; never two rows with
    /// one key in a transaction (the service refuses that), so a later write of a key lands after the earlier one.
    /// </summary>
    private static List<List<(Write Write, List<TableEntity> Rows)>> Pack(List<Write> writes)
    {
        var batches = new List<List<(Write, List<TableEntity>)>>();
        var current = new List<(Write, List<TableEntity>)>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var count = 0;
        var bytes = 0L;

        foreach (var write in writes)
        {
            var parts = Batches(write.Rows).ToList();
            write.Expect(parts.Count);
            foreach (var part in parts)
            {
                var size = part.Sum(EstimatedBytes);
                if (current.Count > 0 && (count + part.Count > MaxBatch || bytes + size > MaxBatchBytes || part.Any(row => keys.Contains(row.RowKey))))
                {
                    batches.Add(current);
                    current = [];
                    keys.Clear();
                    count = 0;
                    bytes = 0;
                }

                current.Add((write, part));
                keys.UnionWith(part.Select(row => row.RowKey));
                count += part.Count;
                bytes += size;
            }
        }

        if (current.Count > 0)
        {
            batches.Add(current);
        }

        return batches;
    }

    private static async Task SendBatchAsync(TableClient client, List<(Write Write, List<TableEntity> Rows)> batch)
    {
        // The lane's writes outlive any one caller: a caller that gives up stops waiting, the rows still go out (upserts,
        // so a retried message writing them again changes nothing).
        try
        {
            await SendAsync(client, batch.SelectMany(part => part.Rows).ToList(), CancellationToken.None).ConfigureAwait(false);
            foreach (var (write, _) in batch)
            {
                write.PartStored();
            }

            return;
        }
        catch (Exception e) when (batch.Count == 1 || StorageResilience.IsTransient(e))
        {
            // Refused for its only writer, or storage still failing after the retries: the same for every writer.
            foreach (var (write, _) in batch)
            {
                write.Fail(e);
            }

            return;
        }
        catch (Exception)
        {
            // Someone's rows were refused, and with them everyone's: each write again on its own, below.
        }

        foreach (var (write, rows) in batch)
        {
            try
            {
                await SendAsync(client, rows, CancellationToken.None).ConfigureAwait(false);
                write.PartStored();
            }
            catch (Exception e)
            {
                write.Fail(e);
            }
        }
    }

    private sealed class Lane
    {
        public List<Write> Waiting { get; set; } = [];

        public bool Sending { get; set; }

        public bool Closed { get; set; }
    }

    private sealed class Write(List<TableEntity> rows)
    {
        public List<TableEntity> Rows { get; } = rows;

        /// <summary>Completed on the flushing thread's behalf, so callers' continuations must not run on it.</summary>
        public TaskCompletionSource Stored { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private int pending;

        /// <summary>How many transactions this write was packed into: all must succeed.</summary>
        public void Expect(int parts) => pending = parts;

        public void PartStored()
        {
            if (Interlocked.Decrement(ref pending) == 0)
            {
                Stored.TrySetResult();
            }
        }

        public void Fail(Exception exception) => Stored.TrySetException(exception);
    }
}
