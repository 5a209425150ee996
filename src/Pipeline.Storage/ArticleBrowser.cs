using System.Text;
using Azure;
using Azure.Data.Tables;
using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>What a user narrows an article listing by; null or empty means "any".</summary>
public sealed record ArticleFilter(string? Status = null, string? Topic = null, string? Language = null, string? Outlet = null, string? TitleContains = null)
{
    /// <summary>True when no filter is set.</summary>
    public bool IsEmpty => new[] { Status, Topic, Language, Outlet, TitleContains }.All(string.IsNullOrWhiteSpace);
}

/// <summary>
/// One page of articles. <see cref="Next"/> resumes right after the last article shown (null at the end).
/// <see cref="Examined"/> counts the rows looked at to fill the page; <see cref="StoppedEarly"/> says the page is short
/// because the per-page read budget ran out, not because there is nothing more.
/// </summary>
public sealed record ArticlePage(IReadOnlyList<ArticleSummary> Articles, string? Next, int Examined, bool StoppedEarly);

/// <summary>
/// Pages through articles with filters, reading only what one page needs: server-side paging with continuation
/// tokens, never a full-table scan per page. With a topic, the topic's partition of the <c>topics</c> table is read
/// (newest published first) and each hit's article row fetched by key. Without one, the <c>articles</c> table is read
/// in key order with status, language and outlet as server-side filters. The title search runs here, over the rows
/// read, within a per-page budget (<see cref="MaxRowsExaminedPerPage"/>); a short page then offers to search on.
/// </summary>
public sealed class ArticleBrowser(StorageConnection connection, ResourceNames names)
{
    /// <summary>Rows read at most to fill one page when filters are applied on this side (title search, or a topic with other filters).</summary>
    public const int MaxRowsExaminedPerPage = 5_000;

    /// <summary>Requests to the table service at most for one page; a rare filter value then gives a short page with "search on".</summary>
    public const int MaxRequestsPerPage = 20;

    /// <summary>Point reads at most for one page on the topic path (each hit costs one).</summary>
    public const int MaxArticleReadsPerPage = 500;

    private readonly TableServiceClient tables = connection.TableService();

    /// <summary>Reads one page of at most <paramref name="pageSize"/> articles, from <paramref name="continuation"/> (null for the first page).</summary>
    public async Task<ArticlePage> PageAsync(ArticleFilter filter, string? continuation, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var (skip, serverToken) = Cursor.Decode(continuation);
        var search = Blank(filter.TitleContains) ? null : filter.TitleContains!.Trim();

        if (!Blank(filter.Topic))
        {
            var clientFilters = search is not null || !Blank(filter.Status) || !Blank(filter.Language) || !Blank(filter.Outlet);
            var topicKey = QueryIndexWriter.TopicKey(filter.Topic!);
            var topicQuery = tables.GetTableClient(names.TopicsTable).QueryAsync<TableEntity>(IndexPartitions.Filter(topicKey), select: ["RowKey", "ArticleId", "Title"]);
            return await FillAsync(topicQuery, skip, serverToken, clientFilters ? 100 : pageSize, pageSize, MaxArticleReadsPerPage,
                async (rows, ct) =>
                {
                    // A topic row carries the title, so the search needs no article read for rows it rules out.
                    // A row of a longer topic key in the same range ("a|b" beside "a") is not this topic's.
                    var wanted = rows.Select(r => IndexPartitions.SuffixOf(topicKey, r.RowKey) is not null && (search is null || Contains(r.GetString("Title"), search)) ? r.GetString("ArticleId") : null).ToList();
                    var loaded = await Task.WhenAll(wanted.Select(id => id is null ? Task.FromResult<TableEntity?>(null) : GetArticleRowAsync(id, ct))).ConfigureAwait(false);
                    return loaded.Select(row => row is null ? null : ArticleRows.ToSummary(row)).Select(a => a is not null && Matches(a, filter) ? a : null).ToList();
                },
                cancellationToken).ConfigureAwait(false);
        }

        var serverFilter = ServerFilter(filter);
        var articleQuery = tables.GetTableClient(names.ArticlesTable).QueryAsync<TableEntity>(serverFilter, select: ArticleRows.SummaryColumns);
        return await FillAsync(articleQuery, skip, serverToken, search is null ? pageSize : 1000, pageSize, search is null ? int.MaxValue : MaxRowsExaminedPerPage,
            (rows, _) => Task.FromResult(rows.Select(ArticleRows.ToSummary).Select(a => search is null || Contains(a.Title, search) ? a : null).ToList()),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The OData filter for what the articles table can test itself (equality on its own columns).</summary>
    public static string? ServerFilter(ArticleFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var clauses = new List<string> { "RowKey eq 'article'" };
        if (!Blank(filter.Status))
        {
            clauses.Add($"Status eq {TableKeys.Literal(filter.Status!.Trim().ToLowerInvariant())}");
        }

        if (!Blank(filter.Language))
        {
            clauses.Add($"Language eq {TableKeys.Literal(filter.Language!.Trim().ToLowerInvariant())}");
        }

        if (!Blank(filter.Outlet))
        {
            clauses.Add($"Outlet eq {TableKeys.Literal(filter.Outlet!.Trim())}");
        }

        return string.Join(" and ", clauses);
    }

    private async Task<ArticlePage> FillAsync(
        AsyncPageable<TableEntity> query, int skip, string? serverToken, int serverPageSize, int pageSize, int examineBudget,
        Func<IReadOnlyList<TableEntity>, CancellationToken, Task<List<ArticleSummary?>>> materialize, CancellationToken cancellationToken)
    {
        var found = new List<ArticleSummary>();
        var examined = 0;
        var requests = 0;
        var token = serverToken;
        while (true)
        {
            var (rows, nextToken) = await ReadServerPageAsync(query, token, serverPageSize, cancellationToken).ConfigureAwait(false);
            requests++;
            var window = rows.Skip(skip).ToList();
            var summaries = await materialize(window, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < window.Count; i++)
            {
                examined++;
                if (summaries[i] is { } summary)
                {
                    found.Add(summary);
                }

                if (found.Count == pageSize)
                {
                    var resumeAt = skip + i + 1;
                    var next = resumeAt < rows.Count ? Cursor.Encode(resumeAt, token) : nextToken is null ? null : Cursor.Encode(0, nextToken);
                    return new ArticlePage(found, next, examined, StoppedEarly: false);
                }
            }

            skip = 0;
            token = nextToken;
            if (token is null)
            {
                return new ArticlePage(found, null, examined, StoppedEarly: false);
            }

            if (examined >= examineBudget || requests >= MaxRequestsPerPage)
            {
                return new ArticlePage(found, Cursor.Encode(0, token), examined, StoppedEarly: true);
            }
        }
    }

    private static async Task<(IReadOnlyList<TableEntity> Rows, string? Next)> ReadServerPageAsync(AsyncPageable<TableEntity> query, string? token, int size, CancellationToken cancellationToken)
    {
        return await StorageResilience.RunAsync(async ct =>
        {
            await foreach (var page in query.AsPages(token, size).WithCancellation(ct).ConfigureAwait(false))
            {
                return ((IReadOnlyList<TableEntity>)page.Values, string.IsNullOrEmpty(page.ContinuationToken) ? null : page.ContinuationToken);
            }

            return ([], null);
        }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<TableEntity?> GetArticleRowAsync(string? articleId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(articleId))
        {
            return null;
        }

        var response = await StorageResilience.RunAsync(
            async ct => await tables.GetTableClient(names.ArticlesTable).GetEntityIfExistsAsync<TableEntity>(articleId, ArticleRows.RowKey, ArticleRows.SummaryColumns, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return response.HasValue ? response.Value : null;
    }

    private static bool Matches(ArticleSummary article, ArticleFilter filter) =>
        (Blank(filter.Status) || string.Equals(article.Status, filter.Status!.Trim(), StringComparison.OrdinalIgnoreCase))
        && (Blank(filter.Language) || string.Equals(article.Language, filter.Language!.Trim(), StringComparison.OrdinalIgnoreCase))
        && (Blank(filter.Outlet) || string.Equals(article.Outlet, filter.Outlet!.Trim(), StringComparison.Ordinal));

    private static bool Contains(string? title, string search) => title is not null && title.Contains(search, StringComparison.OrdinalIgnoreCase);

    private static bool Blank(string? value) => string.IsNullOrWhiteSpace(value);

    /// <summary>Our continuation: the storage service's token for a page plus how many rows of that page were shown already.</summary>
    private static class Cursor
    {
        public static string Encode(int skip, string? serverToken) =>
            Convert.ToBase64String(Encoding.UTF8.GetBytes(skip.ToString(System.Globalization.CultureInfo.InvariantCulture) + "|" + serverToken))
                .TrimEnd('=').Replace('+', '-').Replace('/', '_');

        public static (int Skip, string? ServerToken) Decode(string? cursor)
        {
            if (string.IsNullOrWhiteSpace(cursor))
            {
                return (0, null);
            }

            try
            {
                var base64 = cursor.Replace('-', '+').Replace('_', '/');
                base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
                var parts = Encoding.UTF8.GetString(Convert.FromBase64String(base64)).Split('|', 2);
                return parts.Length == 2 && int.TryParse(parts[0], System.Globalization.CultureInfo.InvariantCulture, out var skip) && skip >= 0
                    ? (skip, parts[1].Length == 0 ? null : parts[1])
                    : throw new FormatException("Not a page cursor.");
            }
            catch (FormatException e)
            {
                throw new ArgumentException("The page link is not valid (it may come from another listing). Start from the first page.", nameof(cursor), e);
            }
        }
    }
}
