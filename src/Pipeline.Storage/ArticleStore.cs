using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>
/// Reads and writes articles in Table Storage, shaped for the reads users make (see README, "Tables"). All writes are
/// upserts keyed by the article id, so a replayed stage changes nothing.
/// </summary>
public sealed class ArticleStore
{
    private const string ArticleRowKey = "article";
    private const string IngestStage = "ingest";
    private const int RecordChunkChars = 30_000; // a string property holds 64 KiB = 32K UTF-16 chars
    private const int MaxInlineRecordChars = 360_000; // an entity holds 1 MiB in all; leave room for the summary columns

    internal static readonly string[] SummaryColumns =
    [
        "PartitionKey", "RowKey", "Status", "Title", "Outlet", "Published", "Authors", "Language", "Topics", "ClusterId", "Blobs",
        "SentenceCount", "QuoteCount", "EntityCount", "FailureStage", "FailureCode", "FailureReason", "ReceivedAt", "ProcessedAt",
        "LatencyMs", "PipelineVersion", "SupersededBy",
    ];

    private readonly ResourceNames names;
    private readonly TableServiceClient tables;
    private readonly BlobContainerClient work;

    public ArticleStore(StorageConnection connection, ResourceNames names)
    {
        this.names = names;
        tables = connection.TableService();
        work = connection.BlobService().GetBlobContainerClient(names.WorkContainer);
    }

    private TableClient Table(string name) => tables.GetTableClient(name);

    /// <summary>The article row, or null.</summary>
    public async Task<TableEntity?> GetRowAsync(string articleId, CancellationToken cancellationToken)
    {
        var response = await StorageResilience.RunAsync(
            async ct => await Table(names.ArticlesTable).GetEntityIfExistsAsync<TableEntity>(articleId, ArticleRowKey, cancellationToken: ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// Records that <paramref name="blobName"/> (at version <paramref name="blobETag"/>) holds article
    /// <paramref name="articleId"/>. Returns true when the article is new (the caller enqueues it), false when it was
    /// known already (the name is added to its blobs). The blob index is written last, so an index entry for a version
    /// means that version was fully registered; when the name held other content before (an overwrite), that older
    /// article gives the name up and, left with no blob, is marked superseded by this one.
    /// </summary>
    public async Task<bool> RegisterBlobAsync(string articleId, string blobName, string? blobETag, DateTimeOffset receivedAt, BlobIndexRead? indexed, Func<Task> enqueueFirstTime, CancellationToken cancellationToken)
    {
        var isNew = false;
        var enqueued = false;
        TableEntity? row = null;
        for (var attempt = 0; ; attempt++)
        {
            if (row is null)
            {
                // New content is the common case: try to create the row without reading it first. Enqueue before the row
                // exists: if we crash in between, the retry enqueues again (harmless, stages are idempotent) instead of
                // leaving a "pending" row that nothing will ever process. Known content under a new name costs one
                // needless (idempotent) pass through the stages; a read before every create would cost every article.
                if (!enqueued)
                {
                    await enqueueFirstTime().ConfigureAwait(false);
                    enqueued = true;
                }

                var entity = new TableEntity(articleId, ArticleRowKey)
                {
                    ["Status"] = ArticleStatus.Pending,
                    ["Blobs"] = JsonSerializer.Serialize(new[] { blobName }),
                    ["ReceivedAt"] = receivedAt,
                    ["PipelineVersion"] = PipelineInfo.Version,
                };
                try
                {
                    await StorageResilience.RunAsync(
                        async ct => await Table(names.ArticlesTable).AddEntityAsync(entity, ct).ConfigureAwait(false),
                        cancellationToken).ConfigureAwait(false);
                    isNew = true;
                    break;
                }
                catch (RequestFailedException e) when (e.Status == 409 && attempt < 5)
                {
                    // Known content (another name, or the same name announced twice at once): merge the name below.
                    row = await GetRowAsync(articleId, cancellationToken).ConfigureAwait(false);
                    continue;
                }
            }

            var blobs = ReadBlobs(row);
            if (blobs.Contains(blobName, StringComparer.Ordinal) && row.GetString("SupersededBy") is null)
            {
                break;
            }

            // Known content under a new name, or content that comes back to a name it had lost: it is current again.
            row["Blobs"] = JsonSerializer.Serialize(blobs.Contains(blobName, StringComparer.Ordinal) ? blobs : blobs.Append(blobName).ToList());
            row["SupersededBy"] = null;
            try
            {
                await StorageResilience.RunAsync(
                    async ct => await Table(names.ArticlesTable).UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 5)
            {
                // Someone else updated the row (another name, or the classify stage): re-read and merge again.
                row = await GetRowAsync(articleId, cancellationToken).ConfigureAwait(false);
            }
        }

        await ClaimBlobAsync(blobName, articleId, blobETag, indexed, cancellationToken).ConfigureAwait(false);
        return isNew;
    }

    /// <summary>
    /// Points the blob index at <paramref name="articleId"/> for this version of the blob, and lets the article that
    /// held the name before give it up (see <see cref="ReleaseBlobAsync"/>). Optimistic concurrency on the index row:
    /// two ingests of two versions of one name each release whatever the row held when they won.
    /// </summary>
    /// <remarks>
    /// The first attempt trusts what the caller read from the index just before, or, when it read nothing (null), assumes
    /// the name is new: a new name, the common case, then costs one request, and a wrong guess one failed write.
    /// </remarks>
    private async Task ClaimBlobAsync(string blobName, string articleId, string? blobETag, BlobIndexRead? indexed, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var previous = attempt == 0 ? indexed?.Entry : await FindBlobAsync(blobName, cancellationToken).ConfigureAwait(false);
            var entity = new TableEntity(TableKeys.Escape(blobName), "blob") { ["ArticleId"] = articleId, ["Blob"] = blobName, ["BlobETag"] = blobETag };
            try
            {
                await StorageResilience.RunAsync(
                    async ct => previous is null
                        ? await Table(names.BlobsTable).AddEntityAsync(entity, ct).ConfigureAwait(false)
                        : await Table(names.BlobsTable).UpdateEntityAsync(entity, previous.RowETag, TableUpdateMode.Replace, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 8)
            {
                continue;
            }

            if (previous is not null && previous.ArticleId != articleId)
            {
                await ReleaseBlobAsync(previous.ArticleId, blobName, articleId, cancellationToken).ConfigureAwait(false);
            }

            return;
        }
    }

    /// <summary>
    /// The blob <paramref name="blobName"/> now holds <paramref name="newArticleId"/>: the older article drops the name,
    /// and when it has no blob left its content exists nowhere any more, so it is marked superseded with a pointer to
    /// the new article (its rows stay readable; <c>reprocess</c> follows the pointer).
    /// </summary>
    public Task ReleaseBlobAsync(string oldArticleId, string blobName, string newArticleId, CancellationToken cancellationToken) =>
        UpdateRowAsync(oldArticleId, row =>
        {
            var blobs = ReadBlobs(row);
            if (!blobs.Remove(blobName))
            {
                return false;
            }

            row["Blobs"] = JsonSerializer.Serialize(blobs);
            if (blobs.Count == 0)
            {
                row["SupersededBy"] = newArticleId;
                row["SupersededAt"] = DateTimeOffset.UtcNow;
            }

            return true;
        }, cancellationToken);

    /// <summary>
    /// Read-modify-write of an article row with optimistic concurrency: <paramref name="change"/> edits the row and says
    /// whether there is anything to write; a concurrent writer makes it re-read and apply the change again.
    /// </summary>
    private async Task UpdateRowAsync(string articleId, Func<TableEntity, bool> change, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var row = await GetRowAsync(articleId, cancellationToken).ConfigureAwait(false);
            if (row is null || !change(row))
            {
                return;
            }

            try
            {
                await StorageResilience.RunAsync(
                    async ct => await Table(names.ArticlesTable).UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < 8)
            {
                // Written meanwhile: read again and re-apply.
            }
        }
    }

    /// <summary>The article id a blob name was last ingested as, or null.</summary>
    public async Task<string?> FindByBlobAsync(string blobName, CancellationToken cancellationToken) =>
        (await FindBlobAsync(blobName, cancellationToken).ConfigureAwait(false))?.ArticleId;

    /// <summary>The blob index entry of a name: the article its last ingested version holds, and that version's ETag.</summary>
    public async Task<BlobIndexEntry?> FindBlobAsync(string blobName, CancellationToken cancellationToken)
    {
        var response = await StorageResilience.RunAsync(
            async ct => await Table(names.BlobsTable).GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(blobName), "blob", cancellationToken: ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return response.HasValue && response.Value!.GetString("ArticleId") is { } id
            ? new BlobIndexEntry(id, response.Value.GetString("BlobETag"), response.Value.ETag)
            : null;
    }

    /// <summary>
    /// A blob that was announced (submit queue, reconciliation, reprocess) but is gone when ingest reads it: one
    /// <c>blob-missing</c> failure record, unless the name was already ingested (then that article is the outcome: it
    /// was read before it vanished). Returns false when nothing needed recording.
    /// </summary>
    public async Task<bool> RecordMissingBlobAsync(string articleId, string blobName, string reason, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (await FindBlobAsync(blobName, cancellationToken).ConfigureAwait(false) is not null)
        {
            return false;
        }

        await SaveFailureAsync(articleId, blobName, new FailureRecord(IngestStage, "blob-missing", reason), receivedAt, blobETag: null, cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Records a failure: a row in the failures table (one per article and stage) and the article marked failed, with
    /// the blob that caused it. Safe to repeat.
    /// </summary>
    public async Task SaveFailureAsync(string articleId, string blobName, FailureRecord failure, DateTimeOffset receivedAt, string? blobETag, CancellationToken cancellationToken)
    {
        // The blob trigger and the submit queue can both ingest one dropped file: the second sees the same failure
        // recorded already and changes nothing (no second activity line, no extra writes).
        var existing = await GetRowAsync(articleId, cancellationToken).ConfigureAwait(false);
        if (existing is not null && existing.GetString("Status") == ArticleStatus.Failed && existing.GetString("FailureStage") == failure.Stage
            && existing.GetString("FailureCode") == failure.Code && ReadBlobs(existing).Contains(blobName, StringComparer.Ordinal))
        {
            return;
        }

        var failureRow = new TableEntity(articleId, failure.Stage)
        {
            ["Code"] = failure.Code,
            ["Reason"] = Truncate(failure.Reason, 8_000),
            ["Blob"] = blobName,
            ["At"] = DateTimeOffset.UtcNow,
        };
        await StorageResilience.RunAsync(
            async ct => await Table(names.FailuresTable).UpsertEntityAsync(failureRow, TableUpdateMode.Replace, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

        var row = existing;
        for (var attempt = 0; ; attempt++)
        {
            var blobs = row is null ? [] : ReadBlobs(row);
            var entity = row ?? new TableEntity(articleId, ArticleRowKey) { ["ReceivedAt"] = receivedAt };
            entity["Status"] = ArticleStatus.Failed;
            // A superseded article gave its blob name up to newer content: a late failure of its own does not take it back.
            var keepsName = blobs.Contains(blobName, StringComparer.Ordinal) || entity.GetString("SupersededBy") is not null;
            entity["Blobs"] = JsonSerializer.Serialize(keepsName ? blobs : blobs.Append(blobName).ToList());
            entity["FailureStage"] = failure.Stage;
            entity["FailureCode"] = failure.Code;
            entity["FailureReason"] = Truncate(failure.Reason, 8_000);
            entity["ProcessedAt"] = DateTimeOffset.UtcNow;
            entity["PipelineVersion"] = PipelineInfo.Version;
            try
            {
                await StorageResilience.RunAsync(
                    async ct => row is null
                        ? await Table(names.ArticlesTable).AddEntityAsync(entity, ct).ConfigureAwait(false)
                        : await Table(names.ArticlesTable).UpdateEntityAsync(entity, entity.ETag, TableUpdateMode.Merge, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
            {
                // Someone wrote the row meanwhile (another name, a retry): re-read and merge again.
                row = await GetRowAsync(articleId, cancellationToken).ConfigureAwait(false);
            }
        }

        // Last, as for registration: an index entry means the version was fully recorded. Later stages' failures
        // concern a blob that ingest indexed already.
        if (failure.Stage == IngestStage)
        {
            await ClaimBlobAsync(blobName, articleId, blobETag, indexed: null, cancellationToken).ConfigureAwait(false);
        }

        await WriteActivityAsync(articleId, ArticleStatus.Failed, blobName, failure.Reason, receivedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a processed article: the query rows (sentences, quotes by speaker, entity mentions, topics, cluster) and
    /// then the article row itself, replacing what an earlier run wrote. Rows an earlier run wrote that this run no
    /// longer produces are deleted, so reprocessing after a model update leaves no stale answers.
    /// </summary>
    public async Task SaveProcessedAsync(ArticleRecord record, DateTimeOffset receivedAt, DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var previous = await GetRowAsync(record.Id, cancellationToken).ConfigureAwait(false);
        var indexRows = BuildIndexRows(record, processedAt);

        var writes = indexRows
            .GroupBy(r => (r.Table, r.Entity.PartitionKey))
            .SelectMany(group => group.Chunk(100).Select(chunk => UpsertBatchAsync(group.Key.Table, chunk.Select(r => r.Entity).ToList(), cancellationToken)));
        await Task.WhenAll(writes).ConfigureAwait(false);

        var newKeys = indexRows.Select(r => new IndexKey(r.Table, r.Entity.PartitionKey, r.Entity.RowKey)).ToHashSet();
        var stale = ReadIndexKeys(previous).Where(k => !newKeys.Contains(k)).ToList();
        await Task.WhenAll(stale.Select(k => DeleteAsync(k, cancellationToken))).ConfigureAwait(false);
        if (previous?.GetString("FailureStage") is { Length: > 0 })
        {
            await DeleteFailuresAsync(record.Id, cancellationToken).ConfigureAwait(false);
        }

        for (var attempt = 0; ; attempt++)
        {
            // Registration owns the blob names: a name this article gave up to newer content (an overwrite) stays given up.
            var blobs = previous is null ? record.Blobs : ReadBlobs(previous);
            var entity = await BuildArticleRowAsync(record with { Blobs = blobs }, receivedAt, processedAt, newKeys, cancellationToken).ConfigureAwait(false);
            if (previous?.GetString("SupersededBy") is { } supersededBy)
            {
                entity["SupersededBy"] = supersededBy;
                entity["SupersededAt"] = previous.GetDateTimeOffset("SupersededAt");
            }

            try
            {
                await StorageResilience.RunAsync(
                    async ct => previous is null
                        ? await Table(names.ArticlesTable).AddEntityAsync(entity, ct).ConfigureAwait(false)
                        : await Table(names.ArticlesTable).UpdateEntityAsync(entity, previous.ETag, TableUpdateMode.Replace, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                break;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 5)
            {
                // A new blob name was added meanwhile: re-read so it is not lost.
                previous = await GetRowAsync(record.Id, cancellationToken).ConfigureAwait(false);
            }
        }

        await WriteActivityAsync(record.Id, record.Status, record.Blobs.FirstOrDefault() ?? string.Empty, record.Title, receivedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves a processed article to another near-duplicate cluster (its representative was merged into an earlier
    /// one): the article row's cluster id and status, and its row in the clusters table. Pending and failed articles
    /// are left alone: an article still in flight settles its own cluster when it finishes. Safe to repeat.
    /// </summary>
    public async Task SetClusterAsync(string articleId, string clusterId, CancellationToken cancellationToken)
    {
        string? from = null;
        TableEntity? article = null;
        await UpdateRowAsync(articleId, row =>
        {
            article = row;
            from = row.GetString("ClusterId");
            if (from is null || row.GetString("Status") is not (ArticleStatus.Processed or ArticleStatus.Duplicate))
            {
                from = null;
                return false;
            }

            var keys = ReadIndexKeys(row).Select(k => k.Table == names.ClustersTable && k.RowKey == articleId ? k with { PartitionKey = clusterId } : k).ToList();
            row["ClusterId"] = clusterId;
            row["Status"] = clusterId == articleId ? ArticleStatus.Processed : ArticleStatus.Duplicate;
            row["IndexKeys"] = JsonSerializer.Serialize(keys.Select(k => new[] { k.Table, k.PartitionKey, k.RowKey }));
            return from != clusterId;
        }, cancellationToken).ConfigureAwait(false);

        if (from is null || article is null)
        {
            return;
        }

        // The clusters-table row follows: written under the new representative first, then removed from the old one.
        var clusters = Table(names.ClustersTable);
        var old = from == clusterId ? null : await StorageResilience.RunAsync(
            async ct => await clusters.GetEntityIfExistsAsync<TableEntity>(from, articleId, cancellationToken: ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        var moved = new TableEntity(clusterId, articleId)
        {
            ["Similarity"] = old is { HasValue: true } ? old.Value!.GetDouble("Similarity") ?? 1.0 : 1.0,
            ["Title"] = article.GetString("Title"),
            ["Published"] = article.GetString("Published"),
            ["Outlet"] = article.GetString("Outlet"),
        };
        await UpsertBatchAsync(names.ClustersTable, [moved], cancellationToken).ConfigureAwait(false);
        if (from != clusterId)
        {
            await DeleteAsync(new IndexKey(names.ClustersTable, from, articleId), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The ids of the articles stored under a cluster representative (its partition of the clusters table).</summary>
    public async Task<IReadOnlyList<string>> ClusterMembersAsync(string clusterId, CancellationToken cancellationToken) =>
        (await QueryPartitionAsync(names.ClustersTable, clusterId, int.MaxValue, cancellationToken).ConfigureAwait(false)).Select(r => r.RowKey).ToList();

    /// <summary>The full record as <c>process --json</c> prints it, or null when the article is unknown.</summary>
    public async Task<ArticleRecord?> LoadRecordAsync(string articleId, CancellationToken cancellationToken)
    {
        var row = await GetRowAsync(articleId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var summary = ToSummary(row);
        ArticleRecord? stored = null;
        if (row.GetString("RecordBlob") is { } recordBlob)
        {
            var content = await StorageResilience.RunAsync(
                async ct => (await work.GetBlobClient(recordBlob).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content,
                cancellationToken).ConfigureAwait(false);
            stored = ArticleJson.Deserialize<ArticleRecord>(content.ToString());
        }
        else if (row.GetInt32("RecordChunks") is int chunks and > 0)
        {
            var json = new StringBuilder();
            for (var i = 0; i < chunks; i++)
            {
                json.Append(row.GetString(ChunkName(i)));
            }

            stored = ArticleJson.Deserialize<ArticleRecord>(json.ToString());
        }

        var failure = summary.Failure;
        return stored is null
            ? new ArticleRecord
            {
                Id = articleId, Blobs = summary.Blobs, Status = summary.Status, Title = summary.Title, Failure = failure,
                ReceivedAt = summary.ReceivedAt, ProcessedAt = summary.ProcessedAt, PipelineVersion = summary.PipelineVersion,
                SupersededBy = summary.SupersededBy,
            }
            : stored with
            {
                Blobs = summary.Blobs, Status = summary.Status, Failure = failure, ReceivedAt = summary.ReceivedAt, ProcessedAt = summary.ProcessedAt,
                SupersededBy = summary.SupersededBy,

                // A later, earlier-received copy can move a stored article to its cluster: the row's columns are current.
                ClusterId = summary.ClusterId ?? stored.ClusterId,
            };
    }

    /// <summary>Every article, summary columns only (the text stays on the server).</summary>
    public async IAsyncEnumerable<ArticleSummary> ListAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in Table(names.ArticlesTable).QueryAsync<TableEntity>(select: SummaryColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToSummary(row);
        }
    }

    /// <summary>When each pending article was received (at most <paramref name="take"/>): a filtered scan, for occasional use.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> PendingAsync(int take, CancellationToken cancellationToken)
    {
        var result = new List<DateTimeOffset>();
        var filter = $"Status eq {TableKeys.Literal(ArticleStatus.Pending)}";
        await foreach (var row in Table(names.ArticlesTable).QueryAsync<TableEntity>(filter, select: ["ReceivedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(row.GetDateTimeOffset("ReceivedAt") ?? DateTimeOffset.UtcNow);
            if (result.Count >= take)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Failure rows, newest first.</summary>
    public async Task<IReadOnlyList<(string ArticleId, string Blob, FailureRecord Failure, DateTimeOffset? At)>> ListFailuresAsync(CancellationToken cancellationToken)
    {
        var result = new List<(string, string, FailureRecord, DateTimeOffset?)>();
        await foreach (var row in Table(names.FailuresTable).QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add((row.PartitionKey, row.GetString("Blob") ?? string.Empty,
                new FailureRecord(row.RowKey, row.GetString("Code") ?? "error", row.GetString("Reason") ?? string.Empty), row.GetDateTimeOffset("At")));
        }

        return result.OrderByDescending(r => r.Item4).ToList();
    }

    /// <summary>The most recent activity (processed or failed articles), newest first, from the current and previous hour.</summary>
    public async Task<IReadOnlyList<TableEntity>> RecentActivityAsync(DateTimeOffset now, int take, CancellationToken cancellationToken)
    {
        var result = new List<TableEntity>();
        foreach (var hour in new[] { now, now.AddHours(-1) })
        {
            var filter = $"PartitionKey eq {TableKeys.Literal(ActivityPartition(hour))}";
            await foreach (var row in Table(names.ActivityTable).QueryAsync<TableEntity>(filter, maxPerPage: take, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(row);
                if (result.Count >= take)
                {
                    return result;
                }
            }
        }

        return result;
    }

    /// <summary>Activity rows written since <paramref name="since"/> (the current and previous hour partitions only).</summary>
    public async Task<IReadOnlyList<TableEntity>> ActivitySinceAsync(DateTimeOffset now, DateTimeOffset since, int take, CancellationToken cancellationToken)
    {
        var result = new List<TableEntity>();
        var bound = TableKeys.NewestFirst(since);
        foreach (var hour in new[] { now, now.AddHours(-1) })
        {
            if (ActivityPartition(hour).CompareTo(ActivityPartition(since)) < 0)
            {
                break;
            }

            // Row keys sort newest first, so "newer than since" is a key range: the read stays small however many articles exist.
            var filter = $"PartitionKey eq {TableKeys.Literal(ActivityPartition(hour))} and RowKey lt {TableKeys.Literal(bound)}";
            await foreach (var row in Table(names.ActivityTable).QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                result.Add(row);
                if (result.Count >= take)
                {
                    return result;
                }
            }
        }

        return result;
    }

    /// <summary>Every row of a table (export); the caller decides how much to read.</summary>
    public IAsyncEnumerable<TableEntity> ScanAsync(string table, CancellationToken cancellationToken) =>
        Table(table).QueryAsync<TableEntity>(cancellationToken: cancellationToken);

    /// <summary>Rows of one partition of a query table (quotes of a speaker, articles of an entity, topic, cluster).</summary>
    public async Task<IReadOnlyList<TableEntity>> QueryPartitionAsync(string table, string partitionKey, int take, CancellationToken cancellationToken)
    {
        var result = new List<TableEntity>();
        var filter = $"PartitionKey eq {TableKeys.Literal(partitionKey)}";
        await foreach (var row in Table(table).QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(row);
            if (result.Count >= take)
            {
                break;
            }
        }

        return result;
    }

    internal static string ActivityPartition(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    private static string ChunkName(int index) => "Record" + index.ToString("D2", CultureInfo.InvariantCulture);

    private async Task WriteActivityAsync(string articleId, string status, string blob, string? detail, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        var row = new TableEntity(ActivityPartition(now), TableKeys.NewestFirst(now) + "_" + articleId)
        {
            ["ArticleId"] = articleId,
            ["Status"] = status,
            ["Blob"] = blob,
            ["Detail"] = Truncate(detail ?? string.Empty, 500),
            ["LatencyMs"] = (now - receivedAt).TotalMilliseconds,
        };
        await StorageResilience.RunAsync(
            async ct => await Table(names.ActivityTable).UpsertEntityAsync(row, TableUpdateMode.Replace, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task<TableEntity> BuildArticleRowAsync(ArticleRecord record, DateTimeOffset receivedAt, DateTimeOffset processedAt, IEnumerable<IndexKey> indexKeys, CancellationToken cancellationToken)
    {
        var entity = new TableEntity(record.Id, ArticleRowKey)
        {
            ["Status"] = record.Status,
            ["Title"] = Truncate(record.Title ?? string.Empty, 2_000),
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
            ["IndexKeys"] = JsonSerializer.Serialize(indexKeys.Select(k => new[] { k.Table, k.PartitionKey, k.RowKey })),
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
            entity["IndexKeys"] = JsonSerializer.Serialize(indexKeys.Take(300).Select(k => new[] { k.Table, k.PartitionKey, k.RowKey }));
        }

        return entity;
    }

    private List<(string Table, TableEntity Entity)> BuildIndexRows(ArticleRecord record, DateTimeOffset processedAt)
    {
        var rows = new List<(string, TableEntity)>();
        var published = ParsePublished(record.Published) ?? processedAt;
        var title = Truncate(record.Title ?? string.Empty, 1_000);

        foreach (var sentence in record.Sentences)
        {
            rows.Add((names.SentencesTable, new TableEntity(record.Id, sentence.Index.ToString("D5", CultureInfo.InvariantCulture))
            {
                ["Text"] = Truncate(sentence.Text, RecordChunkChars),
                ["Start"] = sentence.Start,
                ["End"] = sentence.End,
                ["Paragraph"] = sentence.Paragraph,
                ["Role"] = sentence.Role,
                ["Speaker"] = sentence.Speaker,
            }));
        }

        foreach (var quote in record.Quotes)
        {
            rows.Add((names.QuotesTable, new TableEntity(TableKeys.ForName(quote.Speaker ?? "unattributed"), record.Id + "_" + quote.Index.ToString("D4", CultureInfo.InvariantCulture))
            {
                ["ArticleId"] = record.Id,
                ["Speaker"] = quote.Speaker,
                ["SpeakerRole"] = quote.SpeakerRole,
                ["Text"] = Truncate(quote.Text, RecordChunkChars),
                ["Start"] = quote.Start,
                ["End"] = quote.End,
                ["Title"] = title,
                ["Published"] = record.Published,
            }));
        }

        foreach (var entity in record.Entities)
        {
            rows.Add((names.EntitiesTable, new TableEntity(EntityPartition(entity.Kind, entity.Name), record.Id)
            {
                ["Name"] = entity.Name,
                ["Kind"] = entity.Kind,
                ["Role"] = entity.Role,
                ["Count"] = entity.Count,
                ["Title"] = title,
                ["Published"] = record.Published,
            }));
        }

        foreach (var topic in record.Topics)
        {
            rows.Add((names.TopicsTable, new TableEntity(TableKeys.ForName(topic.Label), TableKeys.NewestFirst(published) + "_" + record.Id)
            {
                ["ArticleId"] = record.Id,
                ["Label"] = topic.Label,
                ["Score"] = topic.Score,
                ["Title"] = title,
                ["Published"] = record.Published,
            }));
        }

        if (record.ClusterId is not null)
        {
            rows.Add((names.ClustersTable, new TableEntity(record.ClusterId, record.Id)
            {
                ["Similarity"] = record.Similarity ?? 1.0,
                ["Title"] = title,
                ["Published"] = record.Published,
                ["Outlet"] = record.Outlet,
            }));
        }

        return rows;
    }

    /// <summary>Entity partitions are kind + normalised name, so "all articles mentioning X" is one partition read.</summary>
    public static string EntityPartition(string kind, string name) => kind.ToLowerInvariant() + ":" + TableKeys.ForName(name);

    private async Task UpsertBatchAsync(string table, IReadOnlyList<TableEntity> entities, CancellationToken cancellationToken)
    {
        if (entities.Count == 1)
        {
            await StorageResilience.RunAsync(
                async ct => await Table(table).UpsertEntityAsync(entities[0], TableUpdateMode.Replace, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            return;
        }

        var actions = entities.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)).ToList();
        await StorageResilience.RunAsync(
            async ct => await Table(table).SubmitTransactionAsync(actions, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    private async Task DeleteAsync(IndexKey key, CancellationToken cancellationToken) =>
        await StorageResilience.RunAsync(
            async ct => await Table(key.Table).DeleteEntityAsync(key.PartitionKey, key.RowKey, ETag.All, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    private async Task DeleteFailuresAsync(string articleId, CancellationToken cancellationToken)
    {
        foreach (var row in await QueryPartitionAsync(names.FailuresTable, articleId, 100, cancellationToken).ConfigureAwait(false))
        {
            await DeleteAsync(new IndexKey(names.FailuresTable, row.PartitionKey, row.RowKey), cancellationToken).ConfigureAwait(false);
        }
    }

    private static IEnumerable<IndexKey> ReadIndexKeys(TableEntity? row)
    {
        if (row?.GetString("IndexKeys") is not { } json)
        {
            return [];
        }

        return (JsonSerializer.Deserialize<string[][]>(json) ?? []).Where(k => k.Length == 3).Select(k => new IndexKey(k[0], k[1], k[2]));
    }

    public static ArticleSummary ToSummary(TableEntity row)
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

    private static List<string> ReadBlobs(TableEntity row) =>
        row.GetString("Blobs") is { } json ? JsonSerializer.Deserialize<List<string>>(json) ?? [] : [];

    private static DateTimeOffset? ParsePublished(string? published) =>
        DateTimeOffset.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    private readonly record struct IndexKey(string Table, string PartitionKey, string RowKey);
}

/// <summary>The answer of one read of the blob index, passed on so a later step need not read it again.</summary>
/// <param name="Entry">The entry, or null when the index did not know the name.</param>
public sealed record BlobIndexRead(BlobIndexEntry? Entry);

/// <summary>What the blob index knows of a name.</summary>
/// <remarks>ETags are compared without their quotes: listings and response headers do not agree on them.</remarks>
/// <param name="ArticleId">The article the name's last ingested version holds.</param>
/// <param name="BlobETag">That version's ETag (null for entries written before it was recorded, or for a missing blob).</param>
/// <param name="RowETag">The index row's own ETag, for optimistic concurrency.</param>
public sealed record BlobIndexEntry(string ArticleId, string? BlobETag, ETag RowETag)
{
    /// <summary>Whether the indexed version is <paramref name="etag"/> (as a listing or a response header gives it).</summary>
    public bool IsVersion(string? etag) => BlobETag is { } known && etag is not null && known.Trim('"') == etag.Trim('"');
}
