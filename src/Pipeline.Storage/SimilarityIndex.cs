using System.Runtime.InteropServices;
using Azure.Data.Tables;
using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Duplicates;

namespace Pipeline.Storage;

/// <summary>Which near-duplicate cluster an article joined, and how similar it is to the closest earlier member.</summary>
/// <param name="ClusterId">The id of the cluster's first article (the article's own id when it starts a cluster).</param>
/// <param name="Similarity">Similarity to the closest member (max of Jaccard and containment); null when it is first.</param>
public sealed record ClusterAssignment(string ClusterId, double? Similarity);

/// <summary>
/// Near-duplicate lookup across everything ingested, held in Table Storage so it scales past one process: each article
/// writes one row per LSH band (PartitionKey = band key, RowKey = article id, with its signature), and looks up the
/// same partitions to find candidates, which are then judged on the full signature. 16 bands: 16 upserts and 16
/// partition reads per article, and 16 more upserts for an article that joins a cluster.
/// </summary>
public sealed class SimilarityIndex(StorageConnection connection, ResourceNames names)
{
    private const int MaxCandidatesPerBand = 200; // a band key shared by hundreds of articles is boilerplate, not a story
    private readonly TableClient table = connection.TableService().GetTableClient(names.SignaturesTable);

    public MinHashOptions Options { get; init; } = MinHashOptions.Default;

    public NearDuplicateOptions Judge { get; init; } = NearDuplicateOptions.Default;

    /// <summary>
    /// Puts the article in the index and returns its cluster: the cluster of the closest near-duplicate received before
    /// it (ties broken by id), or its own id when it has none. Writing before reading makes concurrent copies find each
    /// other: whichever reads second sees the first, and only the later-received one joins. A later copy that finishes
    /// first can still miss an earlier one (both then stay separate); reprocessing either one links them.
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
        var received = receivedAt.UtcTicks;

        await WriteRowsAsync(keys, articleId, encoded, classification.ShingleCount, received, articleId, cancellationToken).ConfigureAwait(false);

        var lookups = await Task.WhenAll(keys.Select(key => StorageResilience.RunAsync(async ct =>
        {
            var rows = new List<TableEntity>();
            await foreach (var row in table.QueryAsync<TableEntity>($"PartitionKey eq {TableKeys.Literal(key)}", maxPerPage: MaxCandidatesPerBand, cancellationToken: ct).ConfigureAwait(false))
            {
                rows.Add(row);
                if (rows.Count >= MaxCandidatesPerBand)
                {
                    break;
                }
            }

            return rows;
        }, cancellationToken).AsTask())).ConfigureAwait(false);

        var best = lookups.SelectMany(rows => rows)
            .DistinctBy(row => row.RowKey)
            .Where(row => row.RowKey != articleId && IsEarlier(row.GetInt64("ReceivedTicks") ?? 0, row.RowKey, received, articleId))
            .Select(row => (Row: row, Similarity: NearDuplicateJudge.Compare(sketch, ReadSketch(row))))
            .Where(c => NearDuplicateJudge.IsNearDuplicate(c.Similarity, Math.Min(sketch.ShingleCount, c.Row.GetInt32("ShingleCount") ?? 0), Judge))
            .OrderByDescending(c => c.Similarity.Score)
            .ThenBy(c => c.Row.RowKey, StringComparer.Ordinal)
            .FirstOrDefault();

        if (best.Row is null)
        {
            return new ClusterAssignment(articleId, null);
        }

        var clusterId = best.Row.GetString("ClusterId") ?? best.Row.RowKey;
        await WriteRowsAsync(keys, articleId, encoded, classification.ShingleCount, received, clusterId, cancellationToken).ConfigureAwait(false);
        return new ClusterAssignment(clusterId, best.Similarity.Score);
    }

    private static bool IsEarlier(long ticks, string id, long thanTicks, string thanId) =>
        ticks < thanTicks || (ticks == thanTicks && string.CompareOrdinal(id, thanId) < 0);

    private Task WriteRowsAsync(IEnumerable<string> keys, string articleId, string signature, int shingleCount, long receivedTicks, string clusterId, CancellationToken cancellationToken) =>
        Task.WhenAll(keys.Select(key => StorageResilience.RunAsync(async ct => await table.UpsertEntityAsync(
            new TableEntity(key, articleId)
            {
                ["Signature"] = signature,
                ["ShingleCount"] = shingleCount,
                ["ReceivedTicks"] = receivedTicks,
                ["ClusterId"] = clusterId,
            }, TableUpdateMode.Replace, ct).ConfigureAwait(false), cancellationToken).AsTask()));

    private static MinHashSketch ReadSketch(TableEntity row)
    {
        var bytes = Convert.FromBase64String(row.GetString("Signature") ?? string.Empty);
        return new MinHashSketch(MemoryMarshal.Cast<byte, uint>(bytes).ToArray(), row.GetInt32("ShingleCount") ?? 0);
    }
}
