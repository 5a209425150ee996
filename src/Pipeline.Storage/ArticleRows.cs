using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>
/// The article row (table <c>articles</c>, one row per article): its layout, and every read-modify-write of it through
/// one optimistic-concurrency helper, <c>UpdateWithRetryAsync</c>.
/// Several writers share a row (registration of another name, the classify stage, a failure, an overwrite, a cluster
/// move), so every write is conditional on the version read and re-applied on a conflict.
/// </summary>
public sealed class ArticleRows
{
    internal const string RowKey = "article";
    private const int RecordChunkChars = 30_000; // a string property holds 64 KiB = 32K UTF-16 chars
    private const int MaxInlineRecordChars = 360_000; // an entity holds 1 MiB in all; leave room for the summary columns

    /// <summary>Conflicts re-applied at most this often before the last one is thrown (the engine then retries the message).</summary>
    private const int MaxConflictRetries = 8;

    internal static readonly string[] SummaryColumns =
    [
        "PartitionKey", "RowKey", "Status", "Title", "Outlet", "Published", "Authors", "Language", "Topics", "ClusterId", "Blobs",
        "SentenceCount", "QuoteCount", "EntityCount", "FailureStage", "FailureCode", "FailureReason", "ReceivedAt", "ProcessedAt",
        "LatencyMs", "PipelineVersion", "SupersededBy",
    ];

    private readonly TableClient table;
    private readonly BlobContainerClient work;
    private readonly TimeProvider clock;

    public ArticleRows(StorageConnection connection, ResourceNames names, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(names);
        table = connection.TableService().GetTableClient(names.ArticlesTable);
        work = connection.BlobService().GetBlobContainerClient(names.WorkContainer);
        this.clock = clock;
    }

    /// <summary>The whole article row, or null.</summary>
    internal async Task<TableEntity?> GetAsync(string articleId, CancellationToken cancellationToken, IEnumerable<string>? select = null)
    {
        var response = await StorageResilience.RunAsync(
            async ct => await table.GetEntityIfExistsAsync<TableEntity>(articleId, RowKey, select, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>Read-modify-write of an article row with optimistic concurrency, for a change that needs no I/O (see the asynchronous overload).</summary>
    internal Task<TableEntity?> UpdateWithRetryAsync(string articleId, Func<TableEntity?, TableEntity?> change, CancellationToken cancellationToken,
        ArticleRowRead? read = null, TableUpdateMode mode = TableUpdateMode.Replace) =>
        UpdateWithRetryAsync(articleId, row => ValueTask.FromResult(change(row)), cancellationToken, read, mode);

    /// <summary>
    /// Read-modify-write of an article row with optimistic concurrency. <paramref name="change"/> gets the current row
    /// (null when there is none) and returns the entity to write, or null when there is nothing to write. A missing row
    /// is created only if it still does not exist (a 409 means someone created it meanwhile); an existing one is written
    /// only if unchanged since it was read (a 412 means someone wrote it). Either conflict re-reads the row and applies
    /// the change again, so concurrent writers never lose each other's edits.
    /// </summary>
    /// <param name="articleId">The article.</param>
    /// <param name="change">Edits the row (or builds a new one) and returns what to write; runs once per attempt.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    /// <param name="read">What the caller read just before (saves a read), or <see cref="ArticleRowRead.Absent"/> to try a create first; null reads the row.</param>
    /// <param name="mode">Replace (the change owns every column) or Merge (columns the change leaves out stay).</param>
    /// <returns>The entity written, or null when the change had nothing to write.</returns>
    internal async Task<TableEntity?> UpdateWithRetryAsync(string articleId, Func<TableEntity?, ValueTask<TableEntity?>> change, CancellationToken cancellationToken,
        ArticleRowRead? read = null, TableUpdateMode mode = TableUpdateMode.Replace)
    {
        ArgumentNullException.ThrowIfNull(change);
        var current = read is not null ? read.Row : await GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            var entity = await change(current).ConfigureAwait(false);
            if (entity is null)
            {
                return null;
            }

            try
            {
                var version = current?.ETag;
                var response = await StorageResilience.RunAsync(
                    async ct => version is not { } etag
                        ? await table.AddEntityAsync(entity, ct).ConfigureAwait(false)
                        : await table.UpdateEntityAsync(entity, etag, mode, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);

                // The version just written, so a caller can write over it later without reading it again.
                entity.ETag = response.Headers.ETag ?? default;
                return entity;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < MaxConflictRetries)
            {
                current = await GetAsync(articleId, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// Records that <paramref name="blobName"/> holds article <paramref name="articleId"/>. New content gets a pending
    /// row, and only then is its run enqueued (the result says so, with the row's version). Known content under a new
    /// name gets the name added to its blobs, and a superseded mark is lifted; nothing is enqueued.
    /// </summary>
    /// <param name="articleId">The article (a hash of the content).</param>
    /// <param name="blobName">The dropped blob holding it.</param>
    /// <param name="receivedAt">When ingest saw the blob; kept on a new row.</param>
    /// <param name="route">Which trigger is ingesting (<see cref="IngestRoutes"/>); kept on a new row.</param>
    /// <param name="enqueue">Sends the run to the clean stage, given the receive time the article row holds and, when this registration created the row, its version.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public async Task<Registration> RegisterAsync(string articleId, string blobName, DateTimeOffset receivedAt, string route, Func<DateTimeOffset, string?, Task> enqueue, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(enqueue);

        // New content is the common case, so the row is created without reading it first (one request), and the run is
        // enqueued only after the row exists, by the registration that created it: every run of an article then carries
        // the receive time its row holds, which is what names near-duplicate clusters. A crash between the two leaves
        // a pending row naming this blob; the retry (same route) finds it and enqueues again.
        // The other trigger seeing the same new blob at the same moment (the blob trigger and the CLI's submit message,
        // or Event Grid and submit on Azure) finds a pending row that the other route registered moments ago: that run
        // is under way, so this ingest stops without enqueueing a second one or claiming the index. Should the other
        // route have crashed before enqueueing, its own retry enqueues, and until an ingest claims the blob in the index
        // the reconciliation sweep keeps announcing it, which enqueues once the registration is no longer recent.
        var created = false;
        DateTimeOffset? pendingSince = null;
        string? leftTo = null;
        var written = await UpdateWithRetryAsync(articleId, row =>
        {
            created = row is null;
            pendingSince = null;
            leftTo = null;
            if (row is null)
            {
                var fresh = NewPendingRow(articleId, blobName, receivedAt);
                fresh[RegisteredByColumn] = route;
                return fresh;
            }

            var blobs = ReadBlobs(row);
            if (blobs.Contains(blobName, StringComparer.Ordinal))
            {
                if (row.GetString("Status") == ArticleStatus.Pending && row.GetString("SupersededBy") is null)
                {
                    var since = row.GetDateTimeOffset("ReceivedAt") ?? receivedAt;
                    if (row.GetString(RegisteredByColumn) is { } registrant && registrant != route && clock.GetUtcNow() - since < RecentRegistration)
                    {
                        leftTo = registrant;
                    }
                    else
                    {
                        pendingSince = since;
                    }
                }

                if (row.GetString("SupersededBy") is null)
                {
                    return null;
                }
            }

            // Known content under a new name, or content that comes back to a name it had lost: it is current again.
            row["Blobs"] = JsonSerializer.Serialize(blobs.Contains(blobName, StringComparer.Ordinal) ? blobs : blobs.Append(blobName).ToList());
            row["SupersededBy"] = null;
            return row;
        }, cancellationToken, ArticleRowRead.Absent).ConfigureAwait(false);

        if (created)
        {
            var version = written!.ETag.ToString();
            await enqueue(receivedAt, version).ConfigureAwait(false);
            return new Registration(IsNew: true, version);
        }

        if (leftTo is not null)
        {
            return new Registration(IsNew: false, RowVersion: null) { LeftTo = leftTo };
        }

        if (pendingSince is { } pending)
        {
            await enqueue(pending, null).ConfigureAwait(false);
        }

        return new Registration(IsNew: false, RowVersion: null);
    }

    /// <summary>Which ingest route created a pending row (<see cref="IngestRoutes"/>); replaced with the rest once the article is classified.</summary>
    private const string RegisteredByColumn = "RegisteredBy";

    /// <summary>
    /// How long a pending row counts as a run under way for the other ingest route. Well past the seconds that the two
    /// routes are apart on one blob, and short enough that the reconciliation sweep (every 30 s, for blobs older than 15
    /// s) recovers a registrant that crashed for good within a couple of sweeps.
    /// </summary>
    private static readonly TimeSpan RecentRegistration = TimeSpan.FromSeconds(60);

    /// <summary>The row registration creates for new content: pending, holding one blob name, no query rows yet.</summary>
    private static TableEntity NewPendingRow(string articleId, string blobName, DateTimeOffset receivedAt) => new(articleId, RowKey)
    {
        ["Status"] = ArticleStatus.Pending,
        ["Blobs"] = JsonSerializer.Serialize(new[] { blobName }),
        ["ReceivedAt"] = receivedAt,
        ["PipelineVersion"] = PipelineInfo.Version,
    };

    /// <summary>
    /// The row as <see cref="RegisterAsync"/> created it, at <paramref name="version"/> (every column a stage reads of it;
    /// the registering route is not one): what a stage may write over without reading it (the write is conditional on
    /// that version, so any later change makes it read and retry).
    /// </summary>
    internal static TableEntity AsRegistered(string articleId, string blobName, DateTimeOffset receivedAt, string version)
    {
        var row = NewPendingRow(articleId, blobName, receivedAt);
        row.ETag = new ETag(version);
        return row;
    }

    /// <summary>
    /// The blob <paramref name="blobName"/> now holds <paramref name="newArticleId"/>: the older article drops the name,
    /// and when it has no blob left its content exists nowhere any more, so it is marked superseded with a pointer to
    /// the new article (its rows stay readable; <c>reprocess</c> follows the pointer).
    /// </summary>
    public Task ReleaseBlobAsync(string oldArticleId, string blobName, string newArticleId, CancellationToken cancellationToken) =>
        UpdateWithRetryAsync(oldArticleId, row =>
        {
            var blobs = row is null ? [] : ReadBlobs(row);
            if (row is null || !blobs.Remove(blobName))
            {
                return null;
            }

            row["Blobs"] = JsonSerializer.Serialize(blobs);
            if (blobs.Count == 0)
            {
                row["SupersededBy"] = newArticleId;
                row["SupersededAt"] = clock.GetUtcNow();
            }

            return row;
        }, cancellationToken);

    /// <summary>Whether <paramref name="row"/> records exactly this failure of this blob already (a repeat changes nothing).</summary>
    internal static bool HasFailed(TableEntity? row, string blobName, FailureRecord failure) =>
        row is not null && row.GetString("Status") == ArticleStatus.Failed && row.GetString("FailureStage") == failure.Stage
        && row.GetString("FailureCode") == failure.Code && ReadBlobs(row).Contains(blobName, StringComparer.Ordinal);

    /// <summary>
    /// Marks the article failed, with the blob that caused it (the row is created when ingest rejected new content).
    /// <paramref name="existing"/> is the row as the caller read it just before (null: there was none).
    /// </summary>
    internal Task MarkFailedAsync(TableEntity? existing, string articleId, string blobName, FailureRecord failure, DateTimeOffset receivedAt, CancellationToken cancellationToken) =>
        UpdateWithRetryAsync(articleId, row =>
        {
            var blobs = row is null ? [] : ReadBlobs(row);
            var entity = row ?? new TableEntity(articleId, RowKey) { ["ReceivedAt"] = receivedAt };
            entity["Status"] = ArticleStatus.Failed;

            // A superseded article gave its blob name up to newer content: a late failure of its own does not take it back.
            var keepsName = blobs.Contains(blobName, StringComparer.Ordinal) || entity.GetString("SupersededBy") is not null;
            entity["Blobs"] = JsonSerializer.Serialize(keepsName ? blobs : blobs.Append(blobName).ToList());
            entity["FailureStage"] = failure.Stage;
            entity["FailureCode"] = failure.Code;
            entity["FailureReason"] = TableValues.Clip(failure.Reason, 8_000);
            entity["ProcessedAt"] = clock.GetUtcNow();
            entity["PipelineVersion"] = PipelineInfo.Version;
            return entity;
        }, cancellationToken, new ArticleRowRead(existing), TableUpdateMode.Merge);

    /// <summary>
    /// Writes the row of a processed article over <paramref name="previous"/>, with the index rows it now has. The blob
    /// names and a superseded mark stay as registration left them.
    /// </summary>
    internal Task SaveProcessedAsync(TableEntity? previous, ArticleRecord record, DateTimeOffset receivedAt, DateTimeOffset processedAt,
        IReadOnlyCollection<IndexKey> indexKeys, CancellationToken cancellationToken) =>
        UpdateWithRetryAsync(record.Id, async row =>
        {
            // Registration owns the blob names: a name this article gave up to newer content (an overwrite) stays given up.
            var blobs = row is null ? record.Blobs : ReadBlobs(row);
            var entity = await BuildProcessedRowAsync(record with { Blobs = blobs }, receivedAt, processedAt, indexKeys, cancellationToken).ConfigureAwait(false);
            if (row?.GetString("SupersededBy") is { } supersededBy)
            {
                entity["SupersededBy"] = supersededBy;
                entity["SupersededAt"] = row.GetDateTimeOffset("SupersededAt");
            }

            return entity;
        }, cancellationToken, new ArticleRowRead(previous));

    /// <summary>
    /// Moves a processed article's row to another cluster (status and the clusters-table key it lists). Pending and failed
    /// articles are left alone: an article still in flight settles its own cluster when it finishes.
    /// </summary>
    /// <returns>What the clusters-table row needs to follow, or null when the article is not in a cluster.</returns>
    internal async Task<ClusterMove?> SetClusterAsync(string articleId, string clusterId, string clustersTable, CancellationToken cancellationToken)
    {
        ClusterMove? move = null;
        await UpdateWithRetryAsync(articleId, row =>
        {
            move = null;
            if (row?.GetString("ClusterId") is not { } from || row.GetString("Status") is not (ArticleStatus.Processed or ArticleStatus.Duplicate))
            {
                return null;
            }

            move = new ClusterMove(from, row.GetString("Title"), row.GetString("Published"), row.GetString("Outlet"));
            if (from == clusterId)
            {
                return null;
            }

            var keys = ReadIndexKeys(row).Select(k => k.Table == clustersTable && k.RowKey == articleId ? k with { PartitionKey = clusterId } : k);
            row["ClusterId"] = clusterId;
            row["Status"] = clusterId == articleId ? ArticleStatus.Processed : ArticleStatus.Duplicate;
            row["IndexKeys"] = SerializeIndexKeys(keys);
            return row;
        }, cancellationToken).ConfigureAwait(false);
        return move;
    }

    /// <summary>The full record stored with a processed row (inline chunks or the record blob), or null when it has none.</summary>
    internal async Task<ArticleRecord?> ReadStoredRecordAsync(TableEntity row, CancellationToken cancellationToken)
    {
        if (row.GetString("RecordBlob") is { } recordBlob)
        {
            var content = await StorageResilience.RunAsync(
                async ct => (await work.GetBlobClient(recordBlob).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content,
                cancellationToken).ConfigureAwait(false);
            return ArticleJson.Deserialize<ArticleRecord>(content.ToString());
        }

        if (row.GetInt32("RecordChunks") is int chunks and > 0)
        {
            var json = new StringBuilder();
            for (var i = 0; i < chunks; i++)
            {
                json.Append(row.GetString(ChunkName(i)));
            }

            return ArticleJson.Deserialize<ArticleRecord>(json.ToString());
        }

        return null;
    }

    /// <summary>The index rows a processed article's row lists (so the next run can delete those it no longer produces).</summary>
    internal static IReadOnlyList<IndexKey> ReadIndexKeys(TableEntity? row)
    {
        if (row?.GetString("IndexKeys") is not { } json)
        {
            return [];
        }

        return (JsonSerializer.Deserialize<string[][]>(json) ?? []).Where(k => k.Length == 3).Select(k => new IndexKey(k[0], k[1], k[2])).ToList();
    }

    /// <summary>Whether the row records a failure (whose failures-table rows a successful run removes).</summary>
    internal static bool HasFailureRecorded(TableEntity? row) => row?.GetString("FailureStage") is { Length: > 0 };

    internal static ArticleSummary ToSummary(TableEntity row)
    {
        var failureStage = row.GetString("FailureStage");
        var status = row.GetString("Status") ?? ArticleStatus.Pending;
        return new ArticleSummary
        {
            Id = row.PartitionKey,
            Blobs = ReadBlobs(row),
            Status = status,
            Title = NullIfEmpty(row.GetString("Title")),
            Outlet = row.GetString("Outlet"),
            Published = row.GetString("Published"),
            Authors = row.GetString("Authors") is { } authors ? JsonSerializer.Deserialize<List<string>>(authors) ?? [] : [],
            Language = row.GetString("Language"),
            Topics = row.GetString("Topics") is { } topics ? ArticleJson.Deserialize<List<TopicRecord>>(topics) : [],
            ClusterId = row.GetString("ClusterId"),
            SentenceCount = row.GetInt32("SentenceCount") ?? 0,
            QuoteCount = row.GetInt32("QuoteCount") ?? 0,
            EntityCount = row.GetInt32("EntityCount") ?? 0,
            Failure = status == ArticleStatus.Failed && failureStage is not null
                ? new FailureRecord(failureStage, row.GetString("FailureCode") ?? "error", row.GetString("FailureReason") ?? string.Empty)
                : null,
            ReceivedAt = row.GetDateTimeOffset("ReceivedAt")?.ToString("O", CultureInfo.InvariantCulture),
            ProcessedAt = row.GetDateTimeOffset("ProcessedAt")?.ToString("O", CultureInfo.InvariantCulture),
            LatencyMs = row.GetDouble("LatencyMs") is double latency ? Math.Round(latency, 1) : null,
            PipelineVersion = row.GetString("PipelineVersion"),
            SupersededBy = row.GetString("SupersededBy"),
        };
    }

    private async Task<TableEntity> BuildProcessedRowAsync(ArticleRecord record, DateTimeOffset receivedAt, DateTimeOffset processedAt, IReadOnlyCollection<IndexKey> indexKeys, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(record.Id, RowKey)
        {
            ["Status"] = record.Status,
            ["Title"] = TableValues.Clip(record.Title ?? string.Empty, 2_000),
            ["Outlet"] = record.Outlet,
            ["Published"] = record.Published,
            ["Authors"] = JsonSerializer.Serialize(record.Authors),
            ["Language"] = record.Language,
            ["Topics"] = JsonSerializer.Serialize(record.Topics.Take(5).Select(t => new TopicRecord(t.Label, t.Score, [])), ArticleJson.Options),
            ["TopicModel"] = record.TopicModel,
            ["ClusterId"] = record.ClusterId,
            ["Blobs"] = JsonSerializer.Serialize(record.Blobs),
            ["SentenceCount"] = record.Sentences.Count,
            ["QuoteCount"] = record.Quotes.Count,
            ["EntityCount"] = record.Entities.Count,
            ["ReceivedAt"] = receivedAt,
            ["ProcessedAt"] = processedAt,
            ["LatencyMs"] = (processedAt - receivedAt).TotalMilliseconds,
            ["PipelineVersion"] = record.PipelineVersion,
            ["IndexKeys"] = SerializeIndexKeys(indexKeys),
        };

        // The full record rides in the row when it fits (one read for `show`), else in a blob.
        var json = ArticleJson.Serialize(record with { Blobs = [], Status = string.Empty });
        if (json.Length <= MaxInlineRecordChars)
        {
            var chunks = (json.Length + RecordChunkChars - 1) / RecordChunkChars;
            for (var i = 0; i < chunks; i++)
            {
                entity[ChunkName(i)] = json.Substring(i * RecordChunkChars, Math.Min(RecordChunkChars, json.Length - (i * RecordChunkChars)));
            }

            entity["RecordChunks"] = chunks;
        }
        else
        {
            var blobName = $"records/{record.Id}.json";
            await StorageResilience.RunAsync(
                async ct => await work.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(json), overwrite: true, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            entity["RecordBlob"] = blobName;
        }

        if ((int?)entity["IndexKeys"]?.ToString()?.Length > RecordChunkChars)
        {
            // Very many index rows: keep the property within its 64 KiB limit; stale-row cleanup then covers only these.
            entity["IndexKeys"] = SerializeIndexKeys(indexKeys.Take(300));
        }

        return entity;
    }

    private static string SerializeIndexKeys(IEnumerable<IndexKey> keys) =>
        JsonSerializer.Serialize(keys.Select(k => new[] { k.Table, k.PartitionKey, k.RowKey }));

    private static string ChunkName(int index) => "Record" + index.ToString("D2", CultureInfo.InvariantCulture);

    private static List<string> ReadBlobs(TableEntity row) =>
        row.GetString("Blobs") is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

/// <summary>What a caller read of an article row just before: <see cref="Row"/> null means there was none.</summary>
internal sealed record ArticleRowRead(TableEntity? Row)
{
    /// <summary>Assume no row: the first attempt is a conditional create.</summary>
    public static ArticleRowRead Absent { get; } = new((TableEntity?)null);
}

/// <summary>What registration did: created the row of new content (its run was enqueued), at this version.</summary>
public sealed record Registration(bool IsNew, string? RowVersion)
{
    /// <summary>
    /// The other ingest route registered this new content moments ago and its run is under way: this ingest enqueued
    /// nothing and must not claim the blob in the index (the registrant does). Null otherwise.
    /// </summary>
    public string? LeftTo { get; init; }
}

/// <summary>The two ways a dropped blob reaches ingest: they can see the same new blob at the same moment.</summary>
public static class IngestRoutes
{
    /// <summary>The blob trigger (the container scan locally, Event Grid on Azure).</summary>
    public const string BlobTrigger = "blob-trigger";

    /// <summary>The submit queue (the CLI's drop, the reconciliation sweep, reprocess).</summary>
    public const string Submit = "submit";
}

/// <summary>An article's row moved between clusters: the old representative and the columns its clusters-table row repeats.</summary>
internal sealed record ClusterMove(string From, string? Title, string? Published, string? Outlet);

/// <summary>The key of one query-index row an article wrote.</summary>
internal readonly record struct IndexKey(string Table, string PartitionKey, string RowKey);
