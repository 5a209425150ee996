using Azure;

namespace Pipeline.Storage;

/// <summary>
/// The near-duplicate buckets this process has seen shared by several articles: each one's members and the version of
/// its row when they were read or last written here. A copy of a story whose buckets are known merges itself into them
/// on condition that the row is still that version. When the condition holds, nobody else joined since, so the known
/// members are exactly what reading the bucket after writing would return, and the ten reads are saved. When it fails,
/// the bucket is read as if nothing were known. A known bucket is therefore never trusted, only checked for free with
/// the write the article makes anyway.
/// <para>
/// Copies of one story handled at the same time in this process would spoil each other's condition. Holding a known
/// bucket's lock around the write makes them take turns instead. A bucket nobody knows is not locked: its copies read,
/// as they did before.
/// </para>
/// </summary>
internal sealed class KnownBuckets
{
    /// <summary>About 10 MB of signatures (128 values of 4 bytes each). Forgetting everything only costs reads again.</summary>
    internal const int MaxMembers = 20_000;

    /// <summary>Copies of unrelated stories seldom share a lock: with ten known keys each, two stories meet with P ≈ 0.1.</summary>
    private const int LockStripes = 1024;

    private readonly Dictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim[] stripes = Enumerable.Range(0, LockStripes).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private int memberCount;

    /// <summary>A bucket as this process last knew it: its row's version and every member in it then.</summary>
    internal sealed record Bucket(ETag Version, IReadOnlyList<SimilarityIndex.BucketMember> Members);

    public Bucket? Find(string bandKey)
    {
        lock (buckets)
        {
            return buckets.GetValueOrDefault(bandKey);
        }
    }

    public void Remember(string bandKey, ETag version, IReadOnlyList<SimilarityIndex.BucketMember> members)
    {
        lock (buckets)
        {
            memberCount += members.Count - (buckets.GetValueOrDefault(bandKey)?.Members.Count ?? 0);
            buckets[bandKey] = new Bucket(version, members);
            if (memberCount > MaxMembers)
            {
                buckets.Clear();
                memberCount = 0;
            }
        }
    }

    public void Forget(string bandKey)
    {
        lock (buckets)
        {
            if (buckets.Remove(bandKey, out var gone))
            {
                memberCount -= gone.Members.Count;
            }
        }
    }

    /// <summary>
    /// Takes the locks of those of <paramref name="bandKeys"/> that are known, in one order for every caller so that two
    /// articles waiting for each other's keys cannot deadlock, and returns what is known of them once the locks are held.
    /// Disposing the result releases them.
    /// </summary>
    public async Task<Turn> HoldAsync(IReadOnlyList<string> bandKeys, CancellationToken cancellationToken)
    {
        var held = new List<SemaphoreSlim>();
        try
        {
            foreach (var stripe in bandKeys.Where(key => Find(key) is not null).Select(StripeOf).Distinct().Order())
            {
                await stripes[stripe].WaitAsync(cancellationToken).ConfigureAwait(false);
                held.Add(stripes[stripe]);
            }
        }
        catch
        {
            held.ForEach(semaphore => semaphore.Release());
            throw;
        }

        var known = new Dictionary<string, Bucket>(StringComparer.Ordinal);
        foreach (var key in bandKeys)
        {
            if (Find(key) is { } bucket)
            {
                known[key] = bucket;
            }
        }

        return new Turn(held, known);
    }

    private static int StripeOf(string bandKey) => (int)((uint)StringComparer.Ordinal.GetHashCode(bandKey) % LockStripes);

    /// <summary>An article's turn on its known buckets: what was known of them when it began.</summary>
    internal sealed class Turn(List<SemaphoreSlim> held, IReadOnlyDictionary<string, Bucket> known) : IDisposable
    {
        public IReadOnlyDictionary<string, Bucket> Known => known;

        public void Dispose()
        {
            foreach (var semaphore in held)
            {
                semaphore.Release();
            }

            held.Clear();
        }
    }
}
