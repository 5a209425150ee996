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
    /// <paramref name="articleId"/>: new content gets a pending row and then its run enqueued; known content gets the
    /// name added to its blobs (see <see cref="ArticleRows.RegisterAsync"/>). The blob index is written last, so an index
    /// entry for a version means that version was fully registered; when the name held other content before (an
    /// overwrite), that older article gives the name up and, left with no blob, is marked superseded by this one.
    /// </summary>
    /// <param name="articleId">The article (a hash of the content).</param>
    /// <param name="blobName">The dropped blob holding it.</param>
    /// <param name="blobETag">The version of the blob that was read.</param>
    /// <param name="receivedAt">When ingest saw the blob.</param>
    /// <param name="indexed">What the caller read of the blob index just before (saves a read), or null.</param>
    /// <param name="route">Which trigger is ingesting (<see cref="IngestRoutes"/>).</param>
    /// <param name="enqueue">Sends the run to the clean stage, given the receive time the article row holds and, when this registration created the row, its version.</param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public async Task<Registration> RegisterBlobAsync(string articleId, string blobName, string? blobETag, DateTimeOffset receivedAt, BlobIndexRead? indexed,
        string route, Func<DateTimeOffset, string?, Task> enqueue, CancellationToken cancellationToken)
    {
        var registration = await articles.RegisterAsync(articleId, blobName, receivedAt, route, enqueue, cancellationToken).ConfigureAwait(false);
        if (registration.LeftTo is null)
        {
            // The registrant claims the index; an ingest that left the run to it must not, or a registrant that crashed
            // before enqueueing would find the version indexed on its retry and stop with nothing enqueued.
            await blobIndex.ClaimAsync(blobName, articleId, blobETag, indexed, cancellationToken).ConfigureAwait(false);
        }

        return registration;
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
    /// <param name="record">The processed article.</param>
    /// <param name="receivedAt">When ingest saw it.</param>
    /// <param name="processedAt">When classify finished.</param>
    /// <param name="registeredVersion">
    /// The article row's version when registration created it (pending, this run's blob only, no query rows), carried
    /// by the run's messages: the row is then written over without a read, and read only if someone changed it since.
    /// Null (reprocess, an older message) reads it first.
    /// </param>
    /// <param name="cancellationToken">Cancels the reads and writes.</param>
    public async Task SaveProcessedAsync(ArticleRecord record, DateTimeOffset receivedAt, DateTimeOffset processedAt, string? registeredVersion, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        var previous = registeredVersion is not null && record.Blobs.Count == 1
            ? ArticleRows.AsRegistered(record.Id, record.Blobs[0], receivedAt, registeredVersion)
            : await articles.GetAsync(record.Id, cancellationToken).ConfigureAwait(false);
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
