using System.Globalization;
using Azure.Data.Tables;

namespace Pipeline.Storage;

/// <summary>One line of the activity table: an article that finished (processed, duplicate) or failed.</summary>
public sealed record ActivityLine(DateTimeOffset At, string ArticleId, string Status, string Blob, string Detail, double LatencyMs);

/// <summary>
/// The activity table: one line per finished or failed article, partitioned by hour with row keys that sort newest
/// first, so "what happened in the last minute" is a key-range read of at most two partitions however many articles exist.
/// The lines of articles finishing at the same moment are written together (<see cref="SharedPartitionWriter"/>).
/// </summary>
public sealed class ActivityLog(StorageConnection connection, ResourceNames names, SharedPartitionWriter shared, TimeProvider clock)
{
    private readonly TableClient table = connection.TableService().GetTableClient(names.ActivityTable);

    /// <summary>Records that an article finished with <paramref name="status"/> now, and how long after it was received.</summary>
    internal async Task WriteAsync(string articleId, string status, string blob, string? detail, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var row = new TableEntity(Partition(now), TableKeys.NewestFirst(now) + "_" + articleId)
        {
            ["ArticleId"] = articleId,
            ["Status"] = status,
            ["Blob"] = blob,
            ["Detail"] = TableValues.Clip(detail ?? string.Empty, 500),
            ["LatencyMs"] = (now - receivedAt).TotalMilliseconds,
        };
        // Every article finishing in this hour writes to one partition: concurrent lines go out in one transaction.
        await shared.UpsertAsync(names.ActivityTable, [row], cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The most recent activity (processed or failed articles), newest first, from the current and previous hour.</summary>
    public async Task<IReadOnlyList<ActivityLine>> RecentAsync(DateTimeOffset now, int take, CancellationToken cancellationToken)
    {
        var result = new List<ActivityLine>();
        foreach (var hour in new[] { now, now.AddHours(-1) })
        {
            var filter = $"PartitionKey eq {TableKeys.Literal(Partition(hour))}";
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(ToLine(row, now));
                if (result.Count >= take)
                {
                    return result;
                }
            }
        }

        return result;
    }

    /// <summary>Activity written since <paramref name="since"/> (the current and previous hour partitions only), newest first.</summary>
    public async Task<IReadOnlyList<ActivityLine>> SinceAsync(DateTimeOffset now, DateTimeOffset since, int take, CancellationToken cancellationToken)
    {
        var result = new List<ActivityLine>();
        var bound = TableKeys.NewestFirst(since);
        foreach (var hour in new[] { now, now.AddHours(-1) })
        {
            if (Partition(hour).CompareTo(Partition(since)) < 0)
            {
                break;
            }

            // Row keys sort newest first, so "newer than since" is a key range: the read stays small however many articles exist.
            var filter = $"PartitionKey eq {TableKeys.Literal(Partition(hour))} and RowKey lt {TableKeys.Literal(bound)}";
            await foreach (var row in table.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(ToLine(row, now));
                if (result.Count >= take)
                {
                    return result;
                }
            }
        }

        return result;
    }

    internal static string Partition(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    // The service sets the timestamp when it writes the row: the moment the article finished.
    private static ActivityLine ToLine(TableEntity row, DateTimeOffset now) => new(
        row.Timestamp ?? now,
        row.GetString("ArticleId") ?? string.Empty,
        row.GetString("Status") ?? string.Empty,
        row.GetString("Blob") ?? string.Empty,
        row.GetString("Detail") ?? string.Empty,
        Math.Round(row.GetDouble("LatencyMs") ?? 0, 1));
}
