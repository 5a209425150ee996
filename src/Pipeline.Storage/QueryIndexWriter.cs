using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>
/// Writes the rows shaped for the reads analysts make (see README, "Tables"): sentences of an article, quotes by speaker,
/// mentions of an entity, articles of a topic, members of a cluster; and the failures table. All writes are upserts keyed
/// by the article id, so a replayed stage changes nothing; rows an earlier run wrote and this one no longer produces are
/// deleted, so reprocessing after a model update leaves no stale answers.
/// </summary>
public sealed class QueryIndexWriter(StorageConnection connection, ResourceNames names, SharedPartitionWriter shared)
{
    private const int MaxTextChars = 30_000; // a string property holds 64 KiB = 32K UTF-16 chars
    private const int MaxBatch = 100; // entities in one transaction, all of one partition

    private readonly TableServiceClient tables = connection.TableService();

    /// <summary>
    /// An entity's lookup key: kind + normalised name. Its rows share a partition with other entities (see
    /// <see cref="IndexPartitions"/>); "all articles mentioning X" is one partition's row key range.
    /// </summary>
    public static string EntityKey(string kind, string name)
    {
        ArgumentNullException.ThrowIfNull(kind);
        return kind.ToLowerInvariant() + ":" + TableKeys.ForName(name);
    }

    /// <summary>A speaker's lookup key in the quotes table (quotes nobody was named for go under "unattributed").</summary>
    public static string SpeakerKey(string? speaker) => TableKeys.ForName(speaker ?? "unattributed");

    /// <summary>A topic's lookup key in the topics table.</summary>
    public static string TopicKey(string label) => TableKeys.ForName(label);

    /// <summary>A topics-table row of one article: under the label's key, newest published first.</summary>
    public static TableEntity TopicRow(string label, DateTimeOffset published, string articleId)
    {
        var key = TopicKey(label);
        return new TableEntity(IndexPartitions.PartitionOf(key), IndexPartitions.RowKey(key, TableKeys.NewestFirst(published) + "_" + articleId));
    }

    /// <summary>
    /// Upserts the index rows of <paramref name="record"/> (batched per partition), then deletes those of
    /// <paramref name="previousKeys"/> it no longer produces. Returns the keys written, for the article row to list.
    /// The article's own partition (its sentences) is written directly; rows in partitions that other articles share
    /// (lookup tables, the cluster) go through <see cref="SharedPartitionWriter"/>, which merges concurrent articles' rows.
    /// </summary>
    internal async Task<IReadOnlyCollection<IndexKey>> WriteAsync(ArticleRecord record, DateTimeOffset processedAt, IEnumerable<IndexKey> previousKeys, CancellationToken cancellationToken)
    {
        var indexRows = BuildIndexRows(record, processedAt);
        var writes = indexRows
            .GroupBy(r => r.Table)
            .SelectMany(table => table.Key == names.SentencesTable
                ? SharedPartitionWriter.Batches(table.Select(r => r.Entity)).Select(batch => SharedPartitionWriter.SendAsync(tables.GetTableClient(table.Key), batch, cancellationToken))
                : [shared.UpsertAsync(table.Key, table.Select(r => r.Entity).ToList(), cancellationToken)]);
        await Task.WhenAll(writes).ConfigureAwait(false);

        var newKeys = indexRows.Select(r => new IndexKey(r.Table, r.Entity.PartitionKey, r.Entity.RowKey)).ToHashSet();

        // A key listed under an earlier layout may name a row the layout upgrade has since moved: both are removed.
        var stale = previousKeys.SelectMany(k => IsLookupTable(k.Table) && !IndexPartitions.IsCurrent(k.PartitionKey) ? [k, Upgraded(k)] : new[] { k })
            .Where(k => !newKeys.Contains(k))
            .Distinct()
            .ToList();
        await Task.WhenAll(stale.Select(k => DeleteAsync(k, cancellationToken))).ConfigureAwait(false);
        return newKeys;
    }

    private bool IsLookupTable(string table) => table == names.EntitiesTable || table == names.TopicsTable || table == names.QuotesTable;

    private static IndexKey Upgraded(IndexKey key)
    {
        var (partitionKey, rowKey) = IndexPartitions.Upgraded(key.PartitionKey, key.RowKey);
        return key with { PartitionKey = partitionKey, RowKey = rowKey };
    }

    /// <summary>The failures-table row of one article and stage (one per pair, so a repeat replaces it).</summary>
    internal Task WriteFailureAsync(string articleId, string blobName, FailureRecord failure, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var row = new TableEntity(articleId, failure.Stage)
        {
            ["Code"] = failure.Code,
            ["Reason"] = TableValues.Clip(failure.Reason, 8_000),
            ["Blob"] = blobName,
            ["At"] = at,
        };
        return UpsertBatchAsync(names.FailuresTable, [row], cancellationToken);
    }

    /// <summary>Removes an article's failures-table rows (it has since been processed).</summary>
    internal async Task DeleteFailuresAsync(string articleId, CancellationToken cancellationToken)
    {
        var filter = $"PartitionKey eq {TableKeys.Literal(articleId)}";
        var keys = new List<IndexKey>();
        await foreach (var row in tables.GetTableClient(names.FailuresTable).QueryAsync<TableEntity>(filter, maxPerPage: MaxBatch, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            keys.Add(new IndexKey(names.FailuresTable, row.PartitionKey, row.RowKey));
            if (keys.Count >= MaxBatch)
            {
                break;
            }
        }

        foreach (var key in keys)
        {
            await DeleteAsync(key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Moves an article's clusters-table row from <paramref name="move"/>'s representative to <paramref name="clusterId"/>:
    /// written under the new one first, then removed from the old one, so a reader never finds it in neither. Rewritten
    /// even when it does not move (a repeat after a crash between the article row and this row).
    /// </summary>
    internal async Task MoveClusterRowAsync(string articleId, string clusterId, ClusterMove move, CancellationToken cancellationToken)
    {
        var clusters = tables.GetTableClient(names.ClustersTable);
        var old = move.From == clusterId ? null : await StorageResilience.RunAsync(
            async ct => await clusters.GetEntityIfExistsAsync<TableEntity>(move.From, articleId, cancellationToken: ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        var moved = new TableEntity(clusterId, articleId)
        {
            ["Similarity"] = old is { HasValue: true } ? old.Value!.GetDouble("Similarity") ?? 1.0 : 1.0,
            ["Title"] = move.Title,
            ["Published"] = move.Published,
            ["Outlet"] = move.Outlet,
        };
        await UpsertBatchAsync(names.ClustersTable, [moved], cancellationToken).ConfigureAwait(false);
        if (move.From != clusterId)
        {
            await DeleteAsync(new IndexKey(names.ClustersTable, move.From, articleId), cancellationToken).ConfigureAwait(false);
        }
    }

    private List<(string Table, TableEntity Entity)> BuildIndexRows(ArticleRecord record, DateTimeOffset processedAt)
    {
        var rows = new List<(string, TableEntity)>();
        var published = ParsePublished(record.Published) ?? processedAt;
        var title = TableValues.Clip(record.Title ?? string.Empty, 1_000);

        foreach (var sentence in record.Sentences)
        {
            rows.Add((names.SentencesTable, new TableEntity(record.Id, sentence.Index.ToString("D5", CultureInfo.InvariantCulture))
            {
                ["Text"] = TableValues.Clip(sentence.Text, MaxTextChars),
                ["Start"] = sentence.Start,
                ["End"] = sentence.End,
                ["Paragraph"] = sentence.Paragraph,
                ["Role"] = sentence.Role,
                ["Speaker"] = sentence.Speaker,
            }));
        }

        foreach (var quote in record.Quotes)
        {
            var speaker = SpeakerKey(quote.Speaker);
            rows.Add((names.QuotesTable, new TableEntity(IndexPartitions.PartitionOf(speaker), IndexPartitions.RowKey(speaker, record.Id + "_" + quote.Index.ToString("D4", CultureInfo.InvariantCulture)))
            {
                ["ArticleId"] = record.Id,
                ["Speaker"] = quote.Speaker,
                ["SpeakerRole"] = quote.SpeakerRole,
                ["Text"] = TableValues.Clip(quote.Text, MaxTextChars),
                ["Start"] = quote.Start,
                ["End"] = quote.End,
                ["Title"] = title,
                ["Published"] = record.Published,
            }));
        }

        foreach (var entity in record.Entities)
        {
            var key = EntityKey(entity.Kind, entity.Name);
            rows.Add((names.EntitiesTable, new TableEntity(IndexPartitions.PartitionOf(key), IndexPartitions.RowKey(key, record.Id))
            {
                ["ArticleId"] = record.Id,
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
            var row = TopicRow(topic.Label, published, record.Id);
            row["ArticleId"] = record.Id;
            row["Label"] = topic.Label;
            row["Score"] = topic.Score;
            row["Title"] = title;
            row["Published"] = record.Published;
            rows.Add((names.TopicsTable, row));
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

    private Task UpsertBatchAsync(string table, IReadOnlyList<TableEntity> entities, CancellationToken cancellationToken) =>
        SharedPartitionWriter.SendAsync(tables.GetTableClient(table), entities, cancellationToken);

    private async Task DeleteAsync(IndexKey key, CancellationToken cancellationToken) =>
        await StorageResilience.RunAsync(
            async ct => await tables.GetTableClient(key.Table).DeleteEntityAsync(key.PartitionKey, key.RowKey, ETag.All, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    private static DateTimeOffset? ParsePublished(string? published) =>
        DateTimeOffset.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var value) ? value : null;
}
