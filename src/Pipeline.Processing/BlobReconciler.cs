using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Storage;

namespace Pipeline.Processing;

/// <summary>What one reconciliation sweep saw and did.</summary>
/// <param name="Listed">Blobs listed in the articles container.</param>
/// <param name="Checked">
/// Blobs modified since the last sweep (minus an overlap) that were looked up in the index (not those this process saw
/// indexed at their current version).
/// </param>
/// <param name="Announced">Blobs the index did not know (or knew at another version), announced on the submit queue.</param>
/// <param name="Cursor">Blobs modified before this time have been reconciled.</param>
public sealed record ReconcileReport(int Listed, int Checked, int Announced, DateTimeOffset Cursor);

/// <summary>
/// The safety net under the triggers: a blob trigger's container scan (and, in Azure, Event Grid delivery) is best
/// effort, so files dropped by other tools can be missed. A sweep lists the container, looks up in the blob index each
/// blob modified since the previous sweep's cursor (unless this process saw that version indexed), and announces every
/// one the index does not know at its current version on the submit queue, where the same idempotent ingest takes it.
/// Running it twice, or beside a trigger that did fire, costs at most a lookup and one conditional read per blob, and
/// nothing in the process that ingested it: nothing is ingested twice.
/// </summary>
public sealed class BlobReconciler(
    StorageConnection connection,
    ResourceNames names,
    BlobIndex blobIndex,
    StageChannel channel,
    IOptions<ReconcileOptions> options,
    TimeProvider clock,
    ILogger<BlobReconciler> logger)
{
    /// <summary>
    /// How far before its cursor a sweep looks again: blob times come from the storage service and the cursor from this
    /// host's clock.
    /// </summary>
    public static readonly TimeSpan Overlap = TimeSpan.FromMinutes(2);

    private readonly BlobContainerClient articles = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer);

    /// <summary>One sweep: list, look up what changed since the cursor, announce what the index lacks, move the cursor.</summary>
    public async Task<ReconcileReport> SweepAsync(CancellationToken cancellationToken)
    {
        var since = await blobIndex.ReadSweepCursorAsync(cancellationToken).ConfigureAwait(false);
        var horizon = clock.GetUtcNow() - TimeSpan.FromSeconds(options.Value.ReconcileGraceSeconds);
        var from = since is { } cursor ? cursor - Overlap : DateTimeOffset.MinValue;

        int listed = 0, looked = 0, announced = 0;
        await foreach (var blob in articles.GetBlobsAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            listed++;
            var modified = blob.Properties.LastModified ?? horizon;
            if (modified < from || modified > horizon)
            {
                continue; // reconciled by an earlier sweep, or young enough that the triggers still have it
            }

            if (blobIndex.RememberedArticle(blob.Name, blob.Properties.ETag?.ToString()) is not null)
            {
                continue; // this process saw this version indexed (it ingested it, or an earlier sweep looked it up)
            }

            looked++;
            var known = await blobIndex.FindAsync(blob.Name, cancellationToken).ConfigureAwait(false);
            if (known is not null && known.IsVersion(blob.Properties.ETag?.ToString()))
            {
                continue;
            }

            // An index entry without a version predates version tracking: ingest's own check settles it cheaply.
            await channel.SendRawAsync(names.SubmitQueue, new SubmitMessage { Blob = blob.Name }.ToJson(), cancellationToken).ConfigureAwait(false);
            announced++;
            Log.Reconciled(logger, blob.Name, modified);
        }

        await blobIndex.WriteSweepCursorAsync(horizon, cancellationToken).ConfigureAwait(false);
        return new ReconcileReport(listed, looked, announced, horizon);
    }
}
