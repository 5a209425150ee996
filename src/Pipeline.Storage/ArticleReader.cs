using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>One row of the sentences table: a sentence of an article, with its offsets into the cleaned text.</summary>
public sealed record SentenceRow(string ArticleId, int Index, int? Start, int? End, int? Paragraph, string? Role, string? Speaker, string? Text);

/// <summary>One row of the quotes table: a quote, whom it is attributed to, and the article it is from.</summary>
public sealed record QuoteRow(string? ArticleId, string? Speaker, string? SpeakerRole, string? Text, string? Title, string? Published);

/// <summary>One row of the entities table: an article mentioning an entity, and how often.</summary>
public sealed record MentionRow(string ArticleId, string? Name, string? Kind, string? Role, int? Count, string? Title, string? Published);

/// <summary>One row of the topics table: an article of a topic, with its score.</summary>
public sealed record TopicArticleRow(string? ArticleId, string? Label, double? Score, string? Title, string? Published);

/// <summary>One row of the clusters table: a member of a near-duplicate cluster and its similarity to the first copy.</summary>
public sealed record ClusterMemberRow(string ArticleId, double? Similarity, string? Title, string? Outlet, string? Published);

/// <summary>One row of the failures table: an article's failure at one stage, and the blob that caused it.</summary>
public sealed record FailureRow(string ArticleId, string Blob, FailureRecord Failure, DateTimeOffset? At);

/// <summary>
/// The read side: articles and the query tables as typed rows, so commands and pages print them without knowing how
/// they are stored. Each read is a point read or one partition's range (see README, "Tables"), except the scans named so.
/// </summary>
public sealed class ArticleReader(StorageConnection connection, ResourceNames names, ArticleRows articles, TimeProvider clock)
{
    private readonly TableServiceClient tables = connection.TableService();

    /// <summary>An article's summary columns, or null when it is unknown.</summary>
    public async Task<ArticleSummary?> GetSummaryAsync(string articleId, CancellationToken cancellationToken) =>
        await articles.GetAsync(articleId, cancellationToken, ArticleRows.SummaryColumns).ConfigureAwait(false) is { } row ? ArticleRows.ToSummary(row) : null;

    /// <summary>The full record as <c>process --json</c> prints it, or null when the article is unknown.</summary>
    public async Task<ArticleRecord?> LoadRecordAsync(string articleId, CancellationToken cancellationToken)
    {
        var row = await articles.GetAsync(articleId, cancellationToken).ConfigureAwait(false);
        if (row is null)
        {
            return null;
        }

        var summary = ArticleRows.ToSummary(row);
        var stored = await articles.ReadStoredRecordAsync(row, cancellationToken).ConfigureAwait(false);
        var failure = summary.Failure;
        return stored is null
            ? new ArticleRecord
            {
                Id = articleId, Blobs = summary.Blobs, Status = summary.Status, Title = summary.Title, Failure = failure,
                ReceivedAt = summary.ReceivedAt, ProcessedAt = summary.ProcessedAt, PipelineVersion = summary.PipelineVersion,
                SupersededBy = summary.SupersededBy,
            }
            : stored with
            {
                Blobs = summary.Blobs, Status = summary.Status, Failure = failure, ReceivedAt = summary.ReceivedAt, ProcessedAt = summary.ProcessedAt,
                SupersededBy = summary.SupersededBy,

                // A later, earlier-received copy can move a stored article to its cluster: the row's columns are current.
                ClusterId = summary.ClusterId ?? stored.ClusterId,
            };
    }

    /// <summary>Every article, summary columns only (the text stays on the server): a scan of the articles table.</summary>
    public async IAsyncEnumerable<ArticleSummary> ListAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in tables.GetTableClient(names.ArticlesTable).QueryAsync<TableEntity>(select: ArticleRows.SummaryColumns, cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ArticleRows.ToSummary(row);
        }
    }

    /// <summary>When each pending article was received (at most <paramref name="take"/>): a filtered scan, for occasional use.</summary>
    public async Task<IReadOnlyList<DateTimeOffset>> PendingAsync(int take, CancellationToken cancellationToken)
    {
        var result = new List<DateTimeOffset>();
        var filter = $"Status eq {TableKeys.Literal(ArticleStatus.Pending)}";
        await foreach (var row in tables.GetTableClient(names.ArticlesTable).QueryAsync<TableEntity>(filter, select: ["ReceivedAt"], cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(row.GetDateTimeOffset("ReceivedAt") ?? clock.GetUtcNow());
            if (result.Count >= take)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Every failure row, newest first: a scan of the failures table.</summary>
    public async Task<IReadOnlyList<FailureRow>> ListFailuresAsync(CancellationToken cancellationToken)
    {
        var result = new List<FailureRow>();
        await foreach (var row in tables.GetTableClient(names.FailuresTable).QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(new FailureRow(row.PartitionKey, row.GetString("Blob") ?? string.Empty,
                new FailureRecord(row.RowKey, row.GetString("Code") ?? "error", row.GetString("Reason") ?? string.Empty), row.GetDateTimeOffset("At")));
        }

        return result.OrderByDescending(r => r.At).ToList();
    }

    /// <summary>The sentences of one article, in order (at most <paramref name="take"/>).</summary>
    public async Task<IReadOnlyList<SentenceRow>> SentencesAsync(string articleId, int take, CancellationToken cancellationToken) =>
        (await PartitionAsync(names.SentencesTable, articleId, take, cancellationToken).ConfigureAwait(false)).Select(ToSentence).ToList();

    /// <summary>Every sentence of every article (export): a scan of the sentences table; the caller decides how much to read.</summary>
    public async IAsyncEnumerable<SentenceRow> ScanSentencesAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var row in tables.GetTableClient(names.SentencesTable).QueryAsync<TableEntity>(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            yield return ToSentence(row);
        }
    }

    /// <summary>Quotes attributed to <paramref name="speaker"/> (case and spacing do not matter).</summary>
    public async Task<IReadOnlyList<QuoteRow>> QuotesBySpeakerAsync(string speaker, int take, CancellationToken cancellationToken) =>
        (await LookupAsync(names.QuotesTable, QueryIndexWriter.SpeakerKey(speaker), take, cancellationToken).ConfigureAwait(false))
            .Select(r => new QuoteRow(r.Row.GetString("ArticleId"), r.Row.GetString("Speaker"), r.Row.GetString("SpeakerRole"), r.Row.GetString("Text"), r.Row.GetString("Title"), r.Row.GetString("Published")))
            .ToList();

    /// <summary>Articles mentioning the entity <paramref name="name"/> of <paramref name="kind"/> (person, organization, place).</summary>
    public async Task<IReadOnlyList<MentionRow>> MentionsAsync(string kind, string name, int take, CancellationToken cancellationToken) =>
        (await LookupAsync(names.EntitiesTable, QueryIndexWriter.EntityKey(kind, name), take, cancellationToken).ConfigureAwait(false))
            .Select(r => new MentionRow(r.Suffix, r.Row.GetString("Name"), r.Row.GetString("Kind"), r.Row.GetString("Role"), r.Row.GetInt32("Count"), r.Row.GetString("Title"), r.Row.GetString("Published")))
            .ToList();

    /// <summary>Articles of a topic, newest published first.</summary>
    public async Task<IReadOnlyList<TopicArticleRow>> TopicArticlesAsync(string label, int take, CancellationToken cancellationToken) =>
        (await LookupAsync(names.TopicsTable, QueryIndexWriter.TopicKey(label), take, cancellationToken).ConfigureAwait(false))
            .Select(r => new TopicArticleRow(r.Row.GetString("ArticleId"), r.Row.GetString("Label"), r.Row.GetDouble("Score"), r.Row.GetString("Title"), r.Row.GetString("Published")))
            .ToList();

    /// <summary>The members stored under a cluster representative (the cluster id is the id of its first article).</summary>
    public async Task<IReadOnlyList<ClusterMemberRow>> ClusterMembersAsync(string clusterId, int take, CancellationToken cancellationToken) =>
        (await PartitionAsync(names.ClustersTable, clusterId, take, cancellationToken).ConfigureAwait(false))
            .Select(r => new ClusterMemberRow(r.RowKey, r.GetDouble("Similarity"), r.GetString("Title"), r.GetString("Outlet"), r.GetString("Published")))
            .ToList();

    private static SentenceRow ToSentence(TableEntity row) => new(
        row.PartitionKey, int.Parse(row.RowKey, CultureInfo.InvariantCulture), row.GetInt32("Start"), row.GetInt32("End"), row.GetInt32("Paragraph"),
        row.GetString("Role"), row.GetString("Speaker"), row.GetString("Text"));

    /// <summary>
    /// The rows of one lookup key of a lookup table (entities, quotes, topics), in key order, at most
    /// <paramref name="take"/>: one row key range of one shared partition. Suffix is what follows the key in the row key
    /// (for an entity row, the article id).
    /// </summary>
    private async Task<List<(TableEntity Row, string Suffix)>> LookupAsync(string table, string lookupKey, int take, CancellationToken cancellationToken)
    {
        var result = new List<(TableEntity, string)>();
        await foreach (var row in tables.GetTableClient(table).QueryAsync<TableEntity>(IndexPartitions.Filter(lookupKey), maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            if (IndexPartitions.SuffixOf(lookupKey, row.RowKey) is not { } suffix)
            {
                continue; // a row of a longer key in the same range ("a|b" beside "a")
            }

            result.Add((row, suffix));
            if (result.Count >= take)
            {
                break;
            }
        }

        return result;
    }

    /// <summary>Rows of one partition, in key order, at most <paramref name="take"/>.</summary>
    private async Task<List<TableEntity>> PartitionAsync(string table, string partitionKey, int take, CancellationToken cancellationToken)
    {
        var result = new List<TableEntity>();
        var filter = $"PartitionKey eq {TableKeys.Literal(partitionKey)}";
        await foreach (var row in tables.GetTableClient(table).QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(take, 1000), cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            result.Add(row);
            if (result.Count >= take)
            {
                break;
            }
        }

        return result;
    }
}
