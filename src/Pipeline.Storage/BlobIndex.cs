using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace Pipeline.Storage;

/// <summary>
/// The blob index (table <c>articleblobs</c>): for each name in the articles container, the article its last ingested
/// version holds and that version's ETag. Ingest writes it last, so an entry for a version means that version was fully
/// registered; a repeat of the same version then costs one lookup. The reconciliation sweep keeps its cursor here too.
/// </summary>
public sealed class BlobIndex(StorageConnection connection, ResourceNames names, ArticleRows articles)
{
    private const string EntryRow = "blob";
    private const int MaxRememberedVersions = 100_000; // ~20 MB at most; forgetting them all costs lookups, never correctness

    // Index rows all have the row key "blob", so the sweep cursor's key cannot collide with one.
    private const string CursorPartition = "~reconcile";
    private const string CursorRow = "cursor";

    private readonly TableClient table = connection.TableService().GetTableClient(names.BlobsTable);
    private readonly BlobContainerClient container = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer);

    /// <summary>
    /// Blob versions this process has seen indexed (read or written), by name. Index rows are never deleted and a name's
    /// row only ever moves on to a newer version, so once the index held a version it always stands for it: a repeat of
    /// that version (the blob trigger finding a file that `drop` submitted, each reconciliation sweep's overlap) needs no
    /// lookup in the process that saw it. Another process, or a newer version, still looks it up.
    /// </summary>
    private readonly ConcurrentDictionary<string, (string BlobETag, string ArticleId)> indexedVersions = new(StringComparer.Ordinal);

    /// <summary>
    /// The article <paramref name="blobName"/> holds if this process has seen it indexed at version
    /// <paramref name="blobETag"/>: then that version was fully registered (or its failure recorded) and nothing needs
    /// doing. Null only means "look it up".
    /// </summary>
    public string? RememberedArticle(string blobName, string? blobETag) =>
        blobETag is not null && indexedVersions.TryGetValue(blobName, out var known) && SameETag(known.BlobETag, blobETag) ? known.ArticleId : null;

    /// <summary>The index entry of a name: the article its last ingested version holds, and that version's ETag.</summary>
    public async Task<BlobIndexEntry?> FindAsync(string blobName, CancellationToken cancellationToken)
    {
        var response = await StorageResilience.RunAsync(
            async ct => await table.GetEntityIfExistsAsync<TableEntity>(TableKeys.Escape(blobName), EntryRow, cancellationToken: ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        var entry = response.HasValue && response.Value!.GetString("ArticleId") is { } id
            ? new BlobIndexEntry(id, response.Value.GetString("BlobETag"), response.Value.ETag)
            : null;
        if (entry is { BlobETag: { } version })
        {
            Remember(blobName, version, entry.ArticleId);
        }

        return entry;
    }

    /// <summary>The article id a blob name was last ingested as, or null.</summary>
    public async Task<string?> FindArticleIdAsync(string blobName, CancellationToken cancellationToken) =>
        (await FindAsync(blobName, cancellationToken).ConfigureAwait(false))?.ArticleId;

    /// <summary>
    /// Points the index at <paramref name="articleId"/> for this version of the blob, and lets the article that held the
    /// name before give it up (<see cref="ArticleRows.ReleaseBlobAsync"/>). Optimistic concurrency on the index row: two
    /// ingests of two versions of one name each release whatever the row held when they won.
    /// </summary>
    /// <remarks>
    /// The first attempt trusts what the caller read from the index just before, or, when it read nothing (null), assumes
    /// the name is new: a new name, the common case, then costs one request, and a wrong guess one failed write.
    /// When a write fails because the row holds another version than the one read, the blob's current version decides,
    /// so that the index never goes back to an older version: two versions of one name ingested at once each see that
    /// the other claimed, and only the ingest of the version the blob still holds writes; the other's article gives the
    /// name up, as an overwritten version's article does. That costs one blob request, on this path only.
    /// </remarks>
    public async Task ClaimAsync(string blobName, string articleId, string? blobETag, BlobIndexRead? indexed, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var previous = attempt == 0 ? indexed?.Entry : await FindAsync(blobName, cancellationToken).ConfigureAwait(false);
            if (attempt > 0 && previous is not null && previous.ArticleId == articleId && previous.IsVersion(blobETag))
            {
                // Another ingest of this very version claimed it first (an ingest that skipped the lookup): nothing to change.
                return;
            }

            if (attempt > 0 && blobETag is not null && previous is not null && !previous.IsVersion(blobETag)
                && await CurrentVersionAsync(blobName, cancellationToken).ConfigureAwait(false) is { } current && !SameETag(current, blobETag))
            {
                if (previous.ArticleId != articleId)
                {
                    await articles.ReleaseBlobAsync(articleId, blobName, previous.ArticleId, cancellationToken).ConfigureAwait(false);
                }

                return;
            }

            var entity = new TableEntity(TableKeys.Escape(blobName), EntryRow) { ["ArticleId"] = articleId, ["Blob"] = blobName, ["BlobETag"] = blobETag };
            try
            {
                await StorageResilience.RunAsync(
                    async ct => previous is null
                        ? await table.AddEntityAsync(entity, ct).ConfigureAwait(false)
                        : await table.UpdateEntityAsync(entity, previous.RowETag, TableUpdateMode.Replace, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < 8)
            {
                continue;
            }

            if (blobETag is not null)
            {
                Remember(blobName, blobETag, articleId);
            }

            if (previous is not null && previous.ArticleId != articleId)
            {
                await articles.ReleaseBlobAsync(previous.ArticleId, blobName, articleId, cancellationToken).ConfigureAwait(false);
            }

            return;
        }
    }

    /// <summary>
    /// The version the articles container holds under <paramref name="blobName"/> now; null when there is none (deleted: no
    /// version to prefer, so the claim goes ahead as it always did).
    /// </summary>
    private async Task<string?> CurrentVersionAsync(string blobName, CancellationToken cancellationToken) =>
        (await container.GetBlobClient(blobName).TryGetPropertiesAsync(cancellationToken).ConfigureAwait(false))?.ETag.ToString();

    private void Remember(string blobName, string blobETag, string articleId)
    {
        if (indexedVersions.Count >= MaxRememberedVersions)
        {
            indexedVersions.Clear();
        }

        indexedVersions[blobName] = (blobETag, articleId);
    }

    /// <summary>ETags compared without their quotes: listings and response headers do not agree on them.</summary>
    internal static bool SameETag(string a, string b) => a.Trim('"') == b.Trim('"');

    /// <summary>Where the last reconciliation sweep stopped: blobs modified before it have been reconciled (null before the first sweep).</summary>
    public async Task<DateTimeOffset?> ReadSweepCursorAsync(CancellationToken cancellationToken)
    {
        var row = await StorageResilience.RunAsync(
            async ct => await table.GetEntityIfExistsAsync<TableEntity>(CursorPartition, CursorRow, cancellationToken: ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return row.HasValue ? row.Value!.GetDateTimeOffset("Cursor") : null;
    }

    /// <summary>Records where a reconciliation sweep stopped.</summary>
    public Task WriteSweepCursorAsync(DateTimeOffset cursor, CancellationToken cancellationToken) =>
        StorageResilience.RunAsync(
            async ct => await table.UpsertEntityAsync(new TableEntity(CursorPartition, CursorRow) { ["Cursor"] = cursor }, TableUpdateMode.Replace, ct).ConfigureAwait(false),
            cancellationToken).AsTask();
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
    public bool IsVersion(string? etag) => BlobETag is { } known && etag is not null && BlobIndex.SameETag(known, etag);
}
