using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>
/// What the stages record about an article, each outcome spanning several tables: registration (article row, then blob
/// index), a failure (failures table, article row, blob index for ingest, activity), a processed article (query-index
/// rows, article row, activity) and a move to another near-duplicate cluster. The order of the writes is what makes each
/// outcome safe to repeat; the tables themselves are written by <see cref="ArticleRows"/>, <see cref="QueryIndexWriter"/>,
/// <see cref="BlobIndex"/> and <see cref="ActivityLog"/>.
/// </summary>
public sealed class ArticleWriter(ArticleRows articles, QueryIndexWriter queryIndex, BlobIndex blobIndex, ActivityLog activity, ResourceNames names, TimeProvider clock)
{
    private const string IngestStage = "ingest";

    /// <summary>
    /// Records that <paramref name="blobName"/> (at version <paramref name="blobETag"/>) holds article
    /// <paramref name="articleId"/>. Returns true when the article is new (the caller's message was enqueued), false when
    /// it was known already (the name is added to its blobs). The blob index is written last, so an index entry for a
    /// version means that version was fully registered; when the name held other content before (an overwrite), that
    /// older article gives the name up and, left with no blob, is marked superseded by this one.
    /// </summary>
    public async Task<bool> RegisterBlobAsync(string articleId, string blobName, string? blobETag, DateTimeOffset receivedAt, BlobIndexRead? indexed, Func<Task> enqueueFirstTime, CancellationToken cancellationToken)
    {
        var isNew = await articles.RegisterAsync(articleId, blobName, receivedAt, enqueueFirstTime, cancellationToken).ConfigureAwait(false);
        await blobIndex.ClaimAsync(blobName, articleId, blobETag, indexed, cancellationToken).ConfigureAwait(false);
        return isNew;
    }

    /// <summary>
    /// A blob that was announced (submit queue, reconciliation, reprocess) but is gone when ingest reads it: one
    /// <c>blob-missing</c> failure record, unless the name was already ingested (then that article is the outcome: it
    /// was read before it vanished). Returns false when nothing needed recording.
    /// </summary>
    public async Task<bool> RecordMissingBlobAsync(string articleId, string blobName, string reason, DateTimeOffset receivedAt, CancellationToken cancellationToken)
    {
        if (await blobIndex.FindAsync(blobName, cancellationToken).ConfigureAwait(false) is not null)
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
        ArgumentNullException.ThrowIfNull(failure);

        // The blob trigger and the submit queue can both ingest one dropped file: the second sees the same failure
        // recorded already and changes nothing (no second activity line, no extra writes).
        var existing = await articles.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        if (ArticleRows.HasFailed(existing, blobName, failure))
        {
            return;
        }

        await queryIndex.WriteFailureAsync(articleId, blobName, failure, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        await articles.MarkFailedAsync(existing, articleId, blobName, failure, receivedAt, cancellationToken).ConfigureAwait(false);

        // Last, as for registration: an index entry means the version was fully recorded. Later stages' failures
        // concern a blob that ingest indexed already.
        if (failure.Stage == IngestStage)
        {
            await blobIndex.ClaimAsync(blobName, articleId, blobETag, indexed: null, cancellationToken).ConfigureAwait(false);
        }

        await activity.WriteAsync(articleId, ArticleStatus.Failed, blobName, failure.Reason, receivedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a processed article: the query rows (sentences, quotes by speaker, entity mentions, topics, cluster) and
    /// then the article row itself, replacing what an earlier run wrote. Rows an earlier run wrote that this run no
    /// longer produces are deleted, so reprocessing after a model update leaves no stale answers.
    /// </summary>
    public async Task SaveProcessedAsync(ArticleRecord record, DateTimeOffset receivedAt, DateTimeOffset processedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var previous = await articles.GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
        var indexKeys = await queryIndex.WriteAsync(record, processedAt, ArticleRows.ReadIndexKeys(previous), cancellationToken).ConfigureAwait(false);
        if (ArticleRows.HasFailureRecorded(previous))
        {
            await queryIndex.DeleteFailuresAsync(record.Id, cancellationToken).ConfigureAwait(false);
        }

        await articles.SaveProcessedAsync(previous, record, receivedAt, processedAt, indexKeys, cancellationToken).ConfigureAwait(false);
        await activity.WriteAsync(record.Id, record.Status, record.Blobs.FirstOrDefault() ?? string.Empty, record.Title, receivedAt, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves a processed article to another near-duplicate cluster (its representative was merged into an earlier
    /// one): the article row's cluster id and status, and its row in the clusters table. Pending and failed articles
    /// are left alone: an article still in flight settles its own cluster when it finishes. Safe to repeat.
    /// </summary>
    public async Task SetClusterAsync(string articleId, string clusterId, CancellationToken cancellationToken)
    {
        // The clusters-table row follows the article row: written under the new representative, then removed from the old one.
        if (await articles.SetClusterAsync(articleId, clusterId, names.ClustersTable, cancellationToken).ConfigureAwait(false) is { } move)
        {
            await queryIndex.MoveClusterRowAsync(articleId, clusterId, move, cancellationToken).ConfigureAwait(false);
        }
    }
}
