using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Duplicates;

namespace Pipeline.Storage;

/// <summary>Which near-duplicate cluster an article joined, and how similar it is to the closest other member.</summary>
/// <param name="ClusterId">The cluster's representative: its earliest-received member (the article's own id when it is that member).</param>
/// <param name="Similarity">Similarity to the closest near-duplicate found (max of Jaccard and containment); null when it has none.</param>
/// <param name="Merged">Former representatives this article's arrival merged into the cluster: their members must be re-pointed.</param>
public sealed record ClusterAssignment(string ClusterId, double? Similarity, IReadOnlyList<string> Merged)
{
    public ClusterAssignment(string clusterId, double? similarity)
        : this(clusterId, similarity, [])
    {
    }
}

/// <summary>
/// Near-duplicate lookup across everything ingested, held in Table Storage so it scales past one process, and a
/// union-find over it that converges whatever the order of arrival.
/// <list type="bullet">
/// <item>Candidates: each LSH band key has one bucket row (PartitionKey = the buckets' one partition,
/// <see cref="BucketPartition"/>; RowKey = band key) with one property per member article (its receive time, shingle
/// count and signature). An article creates its buckets in one transaction; where one of its buckets exists already it
/// merges itself into them without reading them and then reads them back with point reads; candidates are judged on the
/// full signature. 10 bands: 1 write, plus up to 1 merge and 10 point reads for an article whose band keys others share, each costing the same however large the index grows (a
/// query for several row keys at once would, on Azure and in Azurite, scan the partition). Buckets this process has read
/// or written are remembered with their row's version (<see cref="KnownBuckets"/>): a copy of a story seen here merges
/// itself into them on condition that they are unchanged, 1 write and no read, and reads only where the
/// condition fails.</item>
/// <item>Clusters: a story's representative is its earliest-received member (ties by id). Every article that is not a
/// representative has a parent row (PartitionKey = "~" + id, RowKey "parent"); following parents reaches the
/// representative. Joining two clusters points the later representative at the earlier one with a conditional write,
/// so two articles merging at once cannot both win. An article whose buckets were all new reads nothing here (the check
/// after storing reads its parent row once); one with no near-duplicate among others' buckets costs one parent read. A copy of
/// a known story is joined to its earliest candidate's representative, taken as this process last knew it and never
/// read first, with one conditional create of its own parent row; copies still in flight are joined the same way, and
/// candidates already stored in the story cost one query of the clusters table when this process does not remember
/// them (parent rows it read or wrote are remembered). Only a candidate that turns out to have moved is read.</item>
/// </list>
/// Re-pointing the members stored under a merged representative is <see cref="ClusterConvergence"/>'s job.
/// </summary>
public sealed class SimilarityIndex(StorageConnection connection, ResourceNames names)
{
    private const int MaxCandidatesPerBand = 200; // a band key shared by hundreds of articles is boilerplate, not a story
    private const int MaxHops = 32; // parent chains are short (path halving below); this only guards against a cycle bug
    private const string ParentRow = "parent";
    private const string MemberPrefix = "m"; // property names must start with a letter; article ids are hex
    private const int MembersQueryThreshold = 3; // below this many candidates left, reading their parents is as cheap as listing a cluster
    private const int MaxKnownParents = 50_000; // ~10 MB; forgetting them all costs reads, never correctness
    private readonly TableClient table = connection.TableService().GetTableClient(names.SignaturesTable);
    private readonly TableClient clusters = connection.TableService().GetTableClient(names.ClustersTable);

    /// <summary>
    /// Parent rows this process has read or written. A remembered edge never stops being true: a parent row is only ever
    /// replaced by one pointing further up the same tree (path halving, or the parent's own cluster being merged leaves it
    /// in place) and never deleted, so following remembered edges always reaches an ancestor, and only the last member
    /// reached has to be read to learn whether it is still a representative. Copies of a story handled by one process
    /// then cost one read for the story's representative instead of one per copy. Representatives are never remembered:
    /// they are exactly what can change.
    /// </summary>
    private readonly ConcurrentDictionary<string, Member> knownParents = new(StringComparer.Ordinal);
    private int knownParentCount;

    private readonly KnownBuckets knownBuckets = new();

    public MinHashOptions Options { get; init; } = MinHashOptions.Default;

    public NearDuplicateOptions Judge { get; init; } = NearDuplicateOptions.Default;

    /// <summary>
    /// Puts the article in the index and joins it with every near-duplicate found, earlier or later: the cluster's
    /// representative is the earliest-received member of all of them. Writing band rows before reading makes
    /// concurrent copies find each other: whichever reads second sees the first.
    /// </summary>
    public async Task<ClusterAssignment> AssignClusterAsync(string articleId, DateTimeOffset receivedAt, ArticleClassification classification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(classification);
        if (classification.Signature.Count == 0 || classification.ShingleCount == 0)
        {
            return new ClusterAssignment(articleId, null);
        }

        var signature = classification.Signature.ToArray();
        var sketch = new MinHashSketch(signature, classification.ShingleCount);
        var keys = MinHasher.BandKeys(signature, Options);
        var encoded = Convert.ToBase64String(MemoryMarshal.AsBytes(signature.AsSpan()));
        var self = new Member(articleId, receivedAt.UtcTicks);

        var entry = string.Create(CultureInfo.InvariantCulture, $"{self.Ticks}:{classification.ShingleCount}:{encoded}");
        var lookups = await JoinAllBucketsAsync(keys, new BucketMember(self, sketch), entry, cancellationToken).ConfigureAwait(false);
        if (lookups is null)
        {
            // Every bucket was new: no article shares a band key, so there is no candidate, and since nobody could find
            // this article before its buckets existed, nobody had joined it: it is its own representative. A copy that
            // joins it from now on is caught by ClusterConvergence's check after storing, as a join just after a read
            // of the parent row would be, so reading it here only repeated that check (one request per article
            // without near-duplicates). An article indexed before shares its own band keys and is read as before; one
            // indexed in the layout before the shared partitions and not moved yet is moved by that check if it has a parent.
            return new ClusterAssignment(articleId, null);
        }

        var nearDuplicates = lookups.SelectMany(members => members)
            .DistinctBy(m => m.Member.Id)
            .Where(m => m.Member.Id != articleId)
            .Select(m => (m.Member, Similarity: NearDuplicateJudge.Compare(sketch, m.Sketch), m.Sketch))
            .Where(c => NearDuplicateJudge.IsNearDuplicate(c.Similarity, Math.Min(sketch.ShingleCount, c.Sketch.ShingleCount), Judge))
            .OrderBy(c => c.Member)
            .ToList();

        // Every near-duplicate has to end up in this article's cluster. Looking up one representative per group of
        // candidates that shared a band is not enough: a copy that read the index before the others wrote to it found
        // nothing and stays a cluster of its own unless someone joins it directly (measured: the concurrent-copies
        // reliability test split a story about one run in three). So each candidate is joined, except candidates already
        // stored as members of the representative found: they are in its cluster for good, since clusters only ever
        // merge. For a story with many copies that is one query instead of a join per copy.
        //
        // The article's own representative is not assumed: a reprocessed article, or one a concurrent copy merged a
        // moment ago, already has one, and assuming itself made copies disagree on the cluster's name (measured: the
        // concurrent-copies reliability test failed). When a candidate was received before it, the article is joined to
        // the earliest one's representative like any later candidate (a create that fails if it has a parent, and then
        // it is read); otherwise it is read. ClusterConvergence checks the representative again once stored.
        var found = new Dictionary<string, Member>(StringComparer.Ordinal);
        var merged = new List<string>();
        var pending = nearDuplicates.Select(c => c.Member).ToList();
        Member root;
        if (pending.Count > 0 && pending[0].CompareTo(self) < 0)
        {
            // The earliest candidate is taken for its story's representative without reading it (a story's first copy
            // usually stays that): joins below need an earlier member, not a current representative, since every create
            // of a parent row is conditional. Where it was merged meanwhile, ClusterConvergence's check of the stored
            // representative finds that and moves what this run stored.
            root = FollowKnown(pending[0], found);
            found[root.Id] = root;
            pending.RemoveAt(0);
            pending.Insert(0, self);
        }
        else
        {
            root = await FindAsync(self, cancellationToken, found).ConfigureAwait(false);
        }

        var listed = false;
        while (pending.Count > 0)
        {
            var probe = pending[0];
            pending.RemoveAt(0);
            if (await TryAdoptAsync(probe, root, found, cancellationToken).ConfigureAwait(false))
            {
                merged.Add(probe.Id);
            }
            else
            {
                var (winner, loser) = await UnionAsync(root, await FindAsync(probe, cancellationToken, found).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                root = winner;
                // The article itself counts when it loses: a later-received copy that finished first may have joined it
                // while it was still a representative, and such members must follow it to the winner. Leaving it out left
                // such a copy under a cluster id that no longer names a cluster (the concurrent-copies reliability test
                // failed in CI).
                if (loser is { } l)
                {
                    merged.Add(l.Id);
                }
            }

            // Once the first join has settled the representative. Listing pays only for candidates whose place this
            // process does not know (a remembered one costs no read), and their number only falls from here on.
            if (!listed)
            {
                listed = true;
                if (pending.Count(m => !found.ContainsKey(m.Id) && !knownParents.ContainsKey(m.Id)) >= MembersQueryThreshold)
                {
                    var members = await StoredMembersAsync(root.Id, cancellationToken).ConfigureAwait(false);
                    pending.RemoveAll(m => members.Contains(m.Id));
                }
            }
        }

        double? closest = nearDuplicates.Count == 0 ? null : nearDuplicates.Max(c => c.Similarity.Score);
        return new ClusterAssignment(root.Id, closest, merged.Distinct(StringComparer.Ordinal).Where(id => id != root.Id).ToList());
    }

    /// <summary>
    /// The articles stored under a representative in the clusters table (one partition query, ids only). Stored ids
    /// lag the union-find, never lead it: an article is stored under a representative it had joined.
    /// </summary>
    private async Task<HashSet<string>> StoredMembersAsync(string representative, CancellationToken cancellationToken)
    {
        return await StorageResilience.RunAsync(
            async ct =>
            {
                var ids = new HashSet<string>(StringComparer.Ordinal);
                var filter = $"PartitionKey eq {TableKeys.Literal(representative)}";
                await foreach (var row in clusters.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: ct).ConfigureAwait(false))
                {
                    ids.Add(row.RowKey);
                }

                return ids;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The current representative of an article's cluster (the article itself when it has no parent).</summary>
    public async Task<string> FindRootAsync(string articleId, CancellationToken cancellationToken) =>
        (await FindAsync(new Member(articleId, 0), cancellationToken).ConfigureAwait(false)).Id;

    /// <summary>
    /// Follows parent rows to the representative, and shortens the path it walked (halving) as it goes. With
    /// <paramref name="found"/>, every member on the path is remembered with its representative, and a walk that reaches a
    /// remembered member stops there: copies that point at one representative cost one read each, not two.
    /// </summary>
    private async Task<Member> FindAsync(Member start, CancellationToken cancellationToken, Dictionary<string, Member>? found = null)
    {
        var current = start;
        var path = new List<string>();
        Member? child = null;
        ETag childETag = default;
        var reads = 0;
        // Remembered edges always point to an earlier-received member, so they cannot loop; the bound is a guard only.
        for (var steps = 0; steps < MaxHops * 4 && reads < MaxHops; steps++)
        {
            if (found?.GetValueOrDefault(current.Id) is { Id: not null } known)
            {
                return Remember(known);
            }

            path.Add(current.Id);
            if (knownParents.TryGetValue(current.Id, out var rememberedParent))
            {
                child = null; // no row version to halve the path with: the next read starts a fresh pair
                current = rememberedParent;
                continue;
            }

            reads++;
            var row = await ReadParentAsync(current.Id, cancellationToken).ConfigureAwait(false);
            if (row is null)
            {
                return Remember(current);
            }

            var parent = new Member(row.GetString("Parent")!, row.GetInt64("ParentTicks") ?? 0);
            RememberParent(current, parent);
            if (child is { } c && parent.CompareTo(c) < 0)
            {
                // Point the child past this hop; conditional, and only ever to an earlier member, so it stays a forest.
                await TryWriteParentAsync(c, parent, childETag, cancellationToken).ConfigureAwait(false);
            }

            child = current;
            childETag = row.ETag;
            current = parent;
        }

        throw new InvalidOperationException($"The cluster parent chain from {start.Id} is longer than {MaxHops} hops.");

        Member Remember(Member root)
        {
            if (found is not null)
            {
                foreach (var id in path)
                {
                    found[id] = root;
                }
            }

            return root;
        }
    }

    private void RememberParent(Member child, Member parent)
    {
        if (!knownParents.TryAdd(child.Id, parent))
        {
            knownParents[child.Id] = parent; // re-pointed further up the tree
            return;
        }

        // Counted here rather than through ConcurrentDictionary.Count, which takes every lock of the dictionary on each
        // call. A count that drifts across a concurrent clear only moves when the bound is applied.
        if (Interlocked.Increment(ref knownParentCount) > MaxKnownParents)
        {
            knownParents.Clear();
            Interlocked.Exchange(ref knownParentCount, 0);
        }
    }

    /// <summary>
    /// Where the parent rows this process remembers lead from <paramref name="start"/>, read from nothing: the member
    /// reached is an ancestor of <paramref name="start"/>, maybe no longer a representative.
    /// </summary>
    private Member FollowKnown(Member start, Dictionary<string, Member> found)
    {
        var current = start;
        for (var steps = 0; steps < MaxHops * 4; steps++)
        {
            if (found.TryGetValue(current.Id, out var known))
            {
                return known;
            }

            if (!knownParents.TryGetValue(current.Id, out var parent))
            {
                return current;
            }

            current = parent;
        }

        return current;
    }

    /// <summary>
    /// Joins a candidate received after <paramref name="root"/> without looking it up first: creating its parent row
    /// succeeds only while it is a representative (it has none), which is exactly when joining it means pointing it at
    /// <paramref name="root"/>. A copy still in flight is usually such a representative, so this saves the read that
    /// <see cref="FindAsync"/> would make to learn it. A candidate this process knows to have a parent, or one received
    /// before <paramref name="root"/>, is looked up instead; false then, and when the create finds a parent row (one
    /// request spent, and the caller looks it up as before).
    /// </summary>
    private async Task<bool> TryAdoptAsync(Member candidate, Member root, Dictionary<string, Member> found, CancellationToken cancellationToken)
    {
        if (root.CompareTo(candidate) >= 0 || found.ContainsKey(candidate.Id) || knownParents.ContainsKey(candidate.Id)
            || !await TryWriteParentAsync(candidate, root, etag: null, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        found[candidate.Id] = root;
        return true;
    }

    /// <summary>
    /// Joins the clusters of two representatives: the later one gets the earlier one as parent, written only if it
    /// is still a representative (no parent row yet), so concurrent merges retry instead of overwriting each other.
    /// Returns the surviving representative and the one that was merged into it (null when they were one already).
    /// </summary>
    private async Task<(Member Winner, Member? Loser)> UnionAsync(Member a, Member b, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            // The caller passes representatives it has just found: look again only after a conditional write lost a race.
            var rootA = attempt == 0 ? a : await FindAsync(a, cancellationToken).ConfigureAwait(false);
            var rootB = attempt == 0 ? b : await FindAsync(b, cancellationToken).ConfigureAwait(false);
            if (rootA.Id == rootB.Id)
            {
                return (rootA, null);
            }

            var (winner, loser) = rootA.CompareTo(rootB) <= 0 ? (rootA, rootB) : (rootB, rootA);
            if (await TryWriteParentAsync(loser, winner, etag: null, cancellationToken).ConfigureAwait(false))
            {
                return (winner, loser);
            }
        }

        throw new InvalidOperationException($"Could not join the clusters of {a.Id} and {b.Id}: too many concurrent merges.");
    }

    /// <summary>
    /// Writes <paramref name="child"/>'s parent row; <paramref name="etag"/> null creates it (the child must still be a
    /// representative), otherwise that version of the row is replaced. False when someone changed it first.
    /// </summary>
    private async Task<bool> TryWriteParentAsync(Member child, Member parent, ETag? etag, CancellationToken cancellationToken)
    {
        // Write names this write, so a retry that finds the row can tell its own earlier success from someone else's.
        var write = Guid.NewGuid().ToString("N");
        var row = new TableEntity("~" + child.Id, ParentRow) { ["Parent"] = parent.Id, ["ParentTicks"] = parent.Ticks, ["Ticks"] = child.Ticks, ["Write"] = write };
        try
        {
            await StorageResilience.RunAsync(
                async ct => etag is { } version
                    ? await table.UpdateEntityAsync(row, version, TableUpdateMode.Replace, ct).ConfigureAwait(false)
                    : await table.AddEntityAsync(row, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            RememberParent(child, parent);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 409 && etag is null)
        {
            // The child has a parent row already: someone merged it meanwhile, or this very create had succeeded and a
            // retry after a lost answer found its row. Only in the second case is this the merge, whose maker must list
            // the child's members; taking it for someone else's left them under a representative that no longer is one.
            // In the first the caller looks again, starting from what was read here, so the look costs no more than
            // it did before this read.
            if (await ReadParentAsync(child.Id, cancellationToken).ConfigureAwait(false) is not { } existing)
            {
                return false;
            }

            var current = new Member(existing.GetString("Parent")!, existing.GetInt64("ParentTicks") ?? 0);
            RememberParent(child, current);
            return existing.GetString("Write") == write;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false; // someone re-pointed it meanwhile: the caller looks again
        }
    }

    private async Task<TableEntity?> ReadParentAsync(string articleId, CancellationToken cancellationToken)
    {
        var response = await StorageResilience.RunAsync(
            async ct => await table.GetEntityIfExistsAsync<TableEntity>("~" + articleId, ParentRow, cancellationToken: ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>
    /// The partition of a band's bucket row: "S4" for every band, so an article's ten bucket rows go in one batch
    /// transaction. Earlier layouts, which <see cref="IndexLayoutUpgrade"/> moves here: until 2026-12-03 (eighth session)
    /// a hash of the band key chose one of the four shared partitions S0–S3 (3.8 transactions an article on average);
    /// until 2026-12-03 (tenth session) even bands were in "S4" and odd ones in "S5" (two). The name sorts between S0–S3
    /// and "S9~", so neither the upgrade's move of those nor its search for the layout before the shared partitions reads
    /// the current buckets. One partition serves about 2,000 bucket writes a second on Azure (its target for one
    /// partition is 2,000 entities a second): about 200 articles a second, where two served 400; the lookup tables'
    /// one partition (<see cref="IndexPartitions"/>) meets its ceiling first.
    /// </summary>
    internal static string BucketPartition(string bandKey)
    {
        ArgumentNullException.ThrowIfNull(bandKey);
        return BucketsPartition;
    }

    internal const string BucketsPartition = "S4";

    /// <summary>Where the odd bands' buckets were from the eighth session to the tenth; the start-up upgrade moves them.</summary>
    internal const string EarlierOddBandsPartition = "S5";

    /// <summary>
    /// Puts the article into all its buckets and returns, for each bucket that other articles were in already, its members
    /// (at most <see cref="MaxCandidatesPerBand"/>, earliest first); null when every bucket was new.
    /// <para>
    /// Buckets this process knows (<see cref="KnownBuckets"/>) are merged into on condition that they are unchanged since,
    /// and their known members are the answer: a copy of a story this process has seen costs one transaction per
    /// partition and no reads. Buckets it does not know are created where new, and merged into and read back where not.
    /// When none is known, the largest partition group goes first: if one of its buckets exists the article has
    /// near-duplicates, and the other groups are merged into at once instead of first trying to create them (a copy then
    /// pays one failed create, not one per partition; measured on the benchmark's copies, 2.5 requests an article more
    /// when every group tried first).
    /// </para>
    /// </summary>
    private async Task<IReadOnlyList<IReadOnlyList<BucketMember>>?> JoinAllBucketsAsync(IReadOnlyList<string> bandKeys, BucketMember self, string entry, CancellationToken cancellationToken)
    {
        var groups = bandKeys.GroupBy(BucketPartition)
            .Select(g => (Partition: g.Key, Keys: g.ToList()))
            .OrderByDescending(g => g.Keys.Count).ThenBy(g => g.Partition, StringComparer.Ordinal)
            .ToList();
        if (groups.Count == 0)
        {
            return null; // no band keys (an empty text's signature): nothing to join
        }

        // Held until the buckets are read back too, so that the next copy in this process is checked against the
        // version read here rather than one a moment older.
        using var turn = await knownBuckets.HoldAsync(bandKeys, cancellationToken).ConfigureAwait(false);
        var answered = new List<IReadOnlyList<BucketMember>>();
        List<string> toRead;
        if (turn.Known.Count > 0)
        {
            var joins = await Task.WhenAll(groups.Select(g => g.Keys.Any(turn.Known.ContainsKey)
                ? JoinKnownBucketsAsync(g.Partition, g.Keys, turn.Known, self, entry, answered, cancellationToken)
                : JoinBucketsAsync(g.Partition, g.Keys, self.Member.Id, entry, cancellationToken))).ConfigureAwait(false);
            toRead = joins.SelectMany(keys => keys).ToList();
        }
        else
        {
            var first = await JoinBucketsAsync(groups[0].Partition, groups[0].Keys, self.Member.Id, entry, cancellationToken).ConfigureAwait(false);
            var rest = groups.Skip(1).ToList();
            if (first.Count > 0)
            {
                await Task.WhenAll(rest.Select(g => AddToBucketsAsync(g.Partition, g.Keys, self.Member.Id, entry, cancellationToken))).ConfigureAwait(false);
                toRead = [.. bandKeys];
            }
            else
            {
                var others = await Task.WhenAll(rest.Select(g => JoinBucketsAsync(g.Partition, g.Keys, self.Member.Id, entry, cancellationToken))).ConfigureAwait(false);
                toRead = others.SelectMany(keys => keys).ToList();
            }
        }

        if (toRead.Count == 0 && answered.Count == 0)
        {
            return null;
        }

        answered.AddRange(await Task.WhenAll(toRead.Select(key => ReadBucketAsync(key, cancellationToken))).ConfigureAwait(false));
        return answered;
    }

    /// <summary>
    /// Puts the article into a partition's buckets when this process knows some of them (<paramref name="knownNow"/>, as
    /// known when the article's turn began): known ones are merged into on condition that their row is the version known,
    /// the others created, all in one transaction. When it succeeds, the
    /// known members of each known bucket are added to <paramref name="answered"/> and nothing needs reading. When any
    /// condition fails (someone joined a known bucket meanwhile, or created one not known), the article is merged into
    /// all of them unconditionally and they are returned to be read, as if none were known.
    /// </summary>
    private async Task<IReadOnlyList<string>> JoinKnownBucketsAsync(string partition, List<string> bandKeys, IReadOnlyDictionary<string, KnownBuckets.Bucket> knownNow, BucketMember self, string entry, List<IReadOnlyList<BucketMember>> answered, CancellationToken cancellationToken)
    {
        var known = bandKeys.Select(key => knownNow.GetValueOrDefault(key)).ToList();
        var actions = bandKeys.Select((key, i) => known[i] is { } bucket
                ? new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(partition, key) { [MemberPrefix + self.Member.Id] = entry }, bucket.Version)
                : new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(partition, key) { [MemberPrefix + self.Member.Id] = entry }))
            .ToList();
        IReadOnlyList<ETag?> versions;
        try
        {
            versions = await SendAsync(actions, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 409 or 412 || IsBucketFull(e))
        {
            // Also after a retried write that had succeeded the first time: merging again is harmless, and reading back
            // learns the versions the lost answer carried.
            bandKeys.ForEach(knownBuckets.Forget);
            await AddToBucketsAsync(partition, bandKeys, self.Member.Id, entry, cancellationToken).ConfigureAwait(false);
            return bandKeys;
        }

        lock (answered)
        {
            for (var i = 0; i < bandKeys.Count; i++)
            {
                if (known[i] is not { } bucket)
                {
                    continue; // created just now: nobody else is in it, and a bucket of one is not worth remembering
                }

                var members = bucket.Members.Where(m => m.Member.Id != self.Member.Id).ToList();
                answered.Add(Earliest(members));
                if (versions.Count == bandKeys.Count && versions[i] is { } version)
                {
                    knownBuckets.Remember(bandKeys[i], version, [.. members, self]);
                }
                else
                {
                    knownBuckets.Forget(bandKeys[i]); // the answer did not say the new version
                }
            }
        }

        return [];
    }

    /// <summary>
    /// Puts the article into the buckets of some of its band keys that share a partition, and returns those that other
    /// articles were in already: only they need reading back. First it tries to create all of them in one transaction,
    /// which succeeds only when none exists yet: then no other article has these band keys, and an article that gets
    /// one later finds this one when it reads the bucket back, since its own create fails and it merges and reads. Most
    /// articles have no near-duplicate, so most buckets are new and are never read (ten point reads fewer for an article
    /// whose buckets are all new). When any of them exists the transaction fails as a whole, and they are merged into
    /// and read as before: one request more for each such partition.
    /// </summary>
    private async Task<IReadOnlyList<string>> JoinBucketsAsync(string partition, List<string> bandKeys, string articleId, string entry, CancellationToken cancellationToken)
    {
        var rows = bandKeys.Select(key => new TableEntity(partition, key) { [MemberPrefix + articleId] = entry }).ToList();
        try
        {
            await SendAsync(rows.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r)).ToList(), cancellationToken).ConfigureAwait(false);
            return [];
        }
        catch (RequestFailedException e) when (e.Status == 409 || e.ErrorCode == "EntityAlreadyExists")
        {
            // Also after a retried create that had succeeded the first time: reading back then only costs the reads.
            await AddToBucketsAsync(partition, bandKeys, articleId, entry, cancellationToken).ConfigureAwait(false);
            return bandKeys;
        }
    }

    /// <summary>
    /// Adds the article to the buckets of some of its band keys that share a partition: one property on each bucket row,
    /// merged in without reading it, so concurrent writers never conflict, and all of them in one transaction. A bucket
    /// holds at most ~250 members (a table entity's property limit): a band key shared by that many articles is
    /// boilerplate or a story already well represented, and later members still read it. A full bucket fails the whole
    /// transaction, so it is left out and the others are sent again.
    /// </summary>
    private async Task AddToBucketsAsync(string partition, List<string> bandKeys, string articleId, string entry, CancellationToken cancellationToken)
    {
        var actions = bandKeys
            .Select(key => new TableTransactionAction(TableTransactionActionType.UpsertMerge, new TableEntity(partition, key) { [MemberPrefix + articleId] = entry }))
            .ToList();
        while (actions.Count > 0)
        {
            try
            {
                await SendAsync(actions, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (TableTransactionFailedException e) when (IsBucketFull(e))
            {
                if (e.FailedTransactionActionIndex is { } failed && failed < actions.Count)
                {
                    actions.RemoveAt(failed);
                    continue;
                }

                // Which bucket is full is not said: merge them one at a time.
                foreach (var action in actions)
                {
                    await AddToBucketsAsync(partition, [action.Entity.RowKey], articleId, entry, cancellationToken).ConfigureAwait(false);
                }

                return;
            }
            catch (RequestFailedException e) when (actions.Count == 1 && IsBucketFull(e))
            {
                return; // full: the members already in it stand for this band key
            }
        }
    }

    /// <summary>
    /// Sends bucket writes that share a partition: one transaction, or a single request when there is one (a transaction
    /// of one costs Azurite more). Returns each row's new version where the answer says it. A failure throws as the
    /// service answered: a transaction's as <see cref="TableTransactionFailedException"/>.
    /// </summary>
    private async Task<IReadOnlyList<ETag?>> SendAsync(IReadOnlyList<TableTransactionAction> actions, CancellationToken cancellationToken) =>
        await StorageResilience.RunAsync(
            async ct =>
            {
                if (actions.Count != 1)
                {
                    var all = await table.SubmitTransactionAsync(actions, ct).ConfigureAwait(false);
                    return all.Value.Select(response => response.Headers.ETag).ToList();
                }

                var (kind, entity, version) = (actions[0].ActionType, actions[0].Entity, actions[0].ETag);
                var one = kind switch
                {
                    TableTransactionActionType.Add => await table.AddEntityAsync(entity, ct).ConfigureAwait(false),
                    TableTransactionActionType.UpdateMerge => await table.UpdateEntityAsync(entity, version, TableUpdateMode.Merge, ct).ConfigureAwait(false),
                    TableTransactionActionType.UpsertMerge => await table.UpsertEntityAsync(entity, TableUpdateMode.Merge, ct).ConfigureAwait(false),
                    _ => throw new ArgumentOutOfRangeException(nameof(actions), kind, "Bucket rows are only created and merged into."),
                };
                return (IReadOnlyList<ETag?>)[one.Headers.ETag];
            },
            cancellationToken).ConfigureAwait(false);

    internal static bool IsBucketFull(RequestFailedException e) =>
        e.Status is 400 or 413 && e.ErrorCode is "TooManyProperties" or "EntityTooLarge" or "PropertyValueTooLarge" or "RequestBodyTooLarge";

    /// <summary>
    /// The members of a band's bucket (one point read), at most <see cref="MaxCandidatesPerBand"/>, earliest first. All of
    /// them and the row's version are remembered for the next copy (<see cref="KnownBuckets"/>).
    /// </summary>
    private async Task<IReadOnlyList<BucketMember>> ReadBucketAsync(string bandKey, CancellationToken cancellationToken)
    {
        var response = await StorageResilience.RunAsync(
            async ct => await table.GetEntityIfExistsAsync<TableEntity>(BucketPartition(bandKey), bandKey, cancellationToken: ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        if (!response.HasValue)
        {
            knownBuckets.Forget(bandKey);
            return [];
        }

        var members = new List<BucketMember>();
        foreach (var (name, value) in response.Value!)
        {
            if (name.StartsWith(MemberPrefix, StringComparison.Ordinal) && value is string entry && ParseEntry(name[MemberPrefix.Length..], entry) is { } member)
            {
                members.Add(member);
            }
        }

        knownBuckets.Remember(bandKey, response.Value.ETag, members);
        return Earliest(members);
    }

    /// <summary>The candidates a bucket offers: its earliest <see cref="MaxCandidatesPerBand"/> members.</summary>
    private static IReadOnlyList<BucketMember> Earliest(IEnumerable<BucketMember> members) =>
        members.OrderBy(m => m.Member).Take(MaxCandidatesPerBand).ToList();

    /// <summary>"ticks:shingles:signature" as <see cref="AddToBucketsAsync"/> writes it; null when it does not parse.</summary>
    private static BucketMember? ParseEntry(string articleId, string entry)
    {
        var parts = entry.Split(':', 3);
        if (parts.Length != 3
            || !long.TryParse(parts[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out var ticks)
            || !int.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var shingles))
        {
            return null;
        }

        var bytes = Convert.FromBase64String(parts[2]);
        return new BucketMember(new Member(articleId, ticks), new MinHashSketch(MemoryMarshal.Cast<byte, uint>(bytes).ToArray(), shingles));
    }

    /// <summary>A member as a bucket holds it: who, when it was received, and its sketch.</summary>
    internal sealed record BucketMember(Member Member, MinHashSketch Sketch);

    /// <summary>An article in receive order: earlier ticks first, ties by id.</summary>
    internal readonly record struct Member(string Id, long Ticks) : IComparable<Member>
    {
        public int CompareTo(Member other) =>
            Ticks != other.Ticks ? Ticks.CompareTo(other.Ticks) : string.CompareOrdinal(Id, other.Id);
    }
}
