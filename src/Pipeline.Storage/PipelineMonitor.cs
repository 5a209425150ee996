using Pipeline.Core.Articles;
using Pipeline.Core.Statistics;

namespace Pipeline.Storage;

/// <summary>The depth of one stage queue and its poison twin.</summary>
/// <param name="Queue">The queue's name.</param>
/// <param name="Messages">All its messages (Azure's approximate count: waiting plus in flight).</param>
/// <param name="Poison">Messages in its poison queue.</param>
public sealed record QueueDepth(string Queue, int Messages, int Poison)
{
    /// <summary>
    /// Messages a host has taken and not finished: invisible until it does, or until their lease (10 minutes, set by the
    /// trigger engine) runs out when the host died. Null when not counted, or when too many are waiting to tell (a peek
    /// sees at most 32).
    /// </summary>
    public int? InFlight { get; init; }
}

/// <summary>
/// What <c>watch</c> and the web dashboard show at one moment (also <c>watch --json</c>): queue depths, articles per
/// second over the last 60 s, drop-to-result latency over the most recent results, the last results and failures.
/// </summary>
public sealed record ActivitySnapshot(DateTimeOffset At, IReadOnlyList<QueueDepth> Queues, double ArticlesPerSecond, double? LatencyP50Ms, double? LatencyP95Ms,
    IReadOnlyList<ActivityLine> Recent, IReadOnlyList<ActivityLine> Failures)
{
    /// <summary>Blobs the blob trigger engine gave up on (its own poison queue; see <see cref="PipelineMonitor.ReadBlobTriggerPoisonAsync"/>).</summary>
    public int BlobTriggerPoison { get; init; }
}

/// <summary>
/// Reads the live state of a pipeline: queue depths and the activity table's last minutes. Every read is bounded (one
/// request per queue, key-range reads of at most two hour partitions), so it stays cheap however many articles exist.
/// </summary>
public sealed class PipelineMonitor(StorageConnection connection, ResourceNames names, ActivityLog activity)
{
    /// <summary>How far back articles per second are counted.</summary>
    public static readonly TimeSpan RateWindow = TimeSpan.FromSeconds(60);

    private const int PeekLimit = 32; // the most a peek returns

    /// <summary>
    /// Each stage queue's depth and its poison queue's, in pipeline order; a queue that does not exist yet counts 0. With
    /// <paramref name="countInFlight"/>, a queue holding messages is also peeked (one request more) to tell how many of
    /// them a host has taken.
    /// </summary>
    public async Task<IReadOnlyList<QueueDepth>> ReadQueueDepthsAsync(CancellationToken cancellationToken, bool countInFlight = false)
    {
        var result = new List<QueueDepth>();
        foreach (var queue in names.Queues)
        {
            var messages = await CountAsync(queue, cancellationToken).ConfigureAwait(false);
            var poison = await CountAsync(ResourceNames.PoisonQueueOf(queue), cancellationToken).ConfigureAwait(false);
            result.Add(new QueueDepth(queue, messages, poison)
            {
                InFlight = !countInFlight ? null : messages == 0 ? 0 : await InFlightAsync(queue, messages, cancellationToken).ConfigureAwait(false),
            });
        }

        return result;
    }

    /// <summary>Of a queue's messages, those a host has taken: a peek sees only visible ones. Null when too many wait to tell.</summary>
    private async Task<int?> InFlightAsync(string queue, int messages, CancellationToken cancellationToken)
    {
        try
        {
            var visible = (await connection.QueueService().GetQueueClient(queue).PeekMessagesAsync(PeekLimit, cancellationToken).ConfigureAwait(false)).Value.Length;
            return visible < PeekLimit ? Math.Max(0, messages - visible) : null;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>
    /// Messages in the blob trigger engine's poison queue: blobs it gave up on. Nothing of ours reads that queue, and
    /// nothing in it is lost (the reconcile sweep announces a never-ingested blob on the submit queue again), but a user
    /// watching the pipeline should see it.
    /// </summary>
    public Task<int> ReadBlobTriggerPoisonAsync(CancellationToken cancellationToken) =>
        CountAsync(ResourceNames.PoisonQueueOf(ResourceNames.BlobTriggerQueue), cancellationToken);

    /// <summary>A queue's approximate message count; 0 for a queue that does not exist yet.</summary>
    private async Task<int> CountAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            return (await connection.QueueService().GetQueueClient(queue).GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return 0;
        }
    }

    /// <summary>One snapshot as of <paramref name="now"/>.</summary>
    public async Task<ActivitySnapshot> TakeSnapshotAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var depths = ReadQueueDepthsAsync(cancellationToken);
        var blobTriggerPoison = ReadBlobTriggerPoisonAsync(cancellationToken);
        var lastMinute = activity.SinceAsync(now, now - RateWindow, 5_000, cancellationToken);
        var recentLines = activity.RecentAsync(now, 200, cancellationToken);
        await Task.WhenAll(depths, blobTriggerPoison, lastMinute, recentLines).ConfigureAwait(false);

        var minute = await lastMinute.ConfigureAwait(false);
        var recent = await recentLines.ConfigureAwait(false);
        var latencies = recent.Where(r => r.Status != ArticleStatus.Failed).Select(r => r.LatencyMs).ToList();
        return new ActivitySnapshot(
            now,
            await depths.ConfigureAwait(false),
            Math.Round(minute.Count / RateWindow.TotalSeconds, 2),
            latencies.Count == 0 ? null : Math.Round(Percentiles.Of(latencies, 0.50), 1),
            latencies.Count == 0 ? null : Math.Round(Percentiles.Of(latencies, 0.95), 1),
            recent.Take(10).ToList(),
            recent.Where(r => r.Status == ArticleStatus.Failed).Take(5).ToList())
        {
            BlobTriggerPoison = await blobTriggerPoison.ConfigureAwait(false),
        };
    }

    /// <summary>Activity since <paramref name="since"/> (at most <paramref name="take"/> lines), newest first: what a throughput chart counts.</summary>
    public Task<IReadOnlyList<ActivityLine>> ActivitySinceAsync(DateTimeOffset now, DateTimeOffset since, int take, CancellationToken cancellationToken) =>
        activity.SinceAsync(now, since, take, cancellationToken);
}
