using Pipeline.Storage;

namespace Pipeline.Web.Live;

/// <summary>One bucket of the dashboard chart: articles finished in it (and per second), and the queue depth last seen in it (null: not sampled).</summary>
public sealed record HistoryPoint(DateTimeOffset Start, int Finished, double ArticlesPerSecond, int? Waiting, int? Poison);

/// <summary>
/// The dashboard chart's memory: activity lines (deduplicated, so overlapping reads count once) and queue-depth samples
/// over a sliding window, cut into fixed buckets. Throughput comes from the activity table, so it covers the whole
/// window from the first read; queue depths exist only from when the web view started sampling. Thread-safe.
/// </summary>
public sealed class ThroughputHistory(TimeSpan window, TimeSpan bucket)
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, DateTimeOffset> finished = [];
    private readonly SortedDictionary<long, (int Waiting, int Poison)> depths = [];

    public TimeSpan Window => window;

    public TimeSpan Bucket => bucket;

    /// <summary>Adds finished articles; a line seen before (same article, same time) is counted once.</summary>
    public void AddActivity(IEnumerable<ActivityLine> lines, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(lines);
        lock (gate)
        {
            foreach (var line in lines)
            {
                finished[line.ArticleId + "@" + line.At.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture)] = line.At;
            }

            Prune(now);
        }
    }

    /// <summary>Records the queue depths seen at <paramref name="at"/> (messages waiting in all stage queues, and in their poison queues).</summary>
    public void AddDepth(DateTimeOffset at, int waiting, int poison)
    {
        lock (gate)
        {
            depths[BucketOf(at)] = (waiting, poison);
            Prune(at);
        }
    }

    /// <summary>The buckets of the window ending at <paramref name="now"/>, oldest first.</summary>
    public IReadOnlyList<HistoryPoint> Points(DateTimeOffset now)
    {
        lock (gate)
        {
            var count = (int)Math.Ceiling(window / bucket);
            var last = BucketOf(now);
            var first = last - count + 1;
            var perBucket = new int[count];
            foreach (var at in finished.Values)
            {
                var index = BucketOf(at) - first;
                if (index >= 0 && index < count)
                {
                    perBucket[index]++;
                }
            }

            var points = new List<HistoryPoint>(count);
            for (var i = 0; i < count; i++)
            {
                var key = first + i;
                var sampled = depths.TryGetValue(key, out var depth);
                points.Add(new HistoryPoint(
                    new DateTimeOffset(key * bucket.Ticks, TimeSpan.Zero),
                    perBucket[i],
                    Math.Round(perBucket[i] / bucket.TotalSeconds, 2),
                    sampled ? depth.Waiting : null,
                    sampled ? depth.Poison : null));
            }

            return points;
        }
    }

    private long BucketOf(DateTimeOffset time) => time.UtcTicks / bucket.Ticks;

    private void Prune(DateTimeOffset now)
    {
        var oldest = now - window - bucket;
        foreach (var key in finished.Where(kv => kv.Value < oldest).Select(kv => kv.Key).ToList())
        {
            finished.Remove(key);
        }

        var oldestBucket = BucketOf(oldest);
        foreach (var key in depths.Keys.TakeWhile(k => k < oldestBucket).ToList())
        {
            depths.Remove(key);
        }
    }
}
