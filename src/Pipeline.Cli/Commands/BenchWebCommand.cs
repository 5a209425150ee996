using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Azure.Data.Tables;
using Pipeline.Cli.Local;
using Pipeline.Core.Articles;
using Pipeline.Core.Statistics;
using Pipeline.Storage;
using Pipeline.Web;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline bench web</c>: how the web view's article list behaves on many articles. Seeds a private in-memory
/// Azurite with synthetic article rows (the summary columns the pipeline writes, no text), then times page views over
/// HTTP and counts the table requests each one makes.
/// </summary>
internal static class BenchWebCommand
{
    private static readonly string[] Outlets = [.. Enumerable.Range(1, 20).Select(i => $"Outlet {i:D2}")];
    private static readonly string[] Words = ["harbour", "council", "budget", "election", "river", "school", "hospital", "market", "railway", "festival"];

    public static Command Create()
    {
        var articles = new Option<int>("--articles") { Description = "Synthetic articles to seed.", DefaultValueFactory = _ => 100_000 };
        var repeats = new Option<int>("--repeats") { Description = "Times each page view is measured (the median is printed).", DefaultValueFactory = _ => 3 };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("web",
            "Seed a private Azurite with synthetic article rows (97% processed, 2% duplicate, 1% failed; en/fr/de; 20 outlets; 10% in topic politics; " +
            "0.1% with 'zeppelin' in the title) and time /articles page views with each filter: milliseconds and table requests per page.")
        {
            articles, repeats, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var count = parseResult.GetValue(articles);
            using var azurite = AzuriteInstance.Start();
            var connection = StorageConnection.FromConnectionString(azurite.ConnectionString);
            var names = ResourceNames.Default;
            await new Provisioner(connection, names).EnsureAllAsync(cancellationToken).ConfigureAwait(false);

            var seedClock = Stopwatch.StartNew();
            await SeedAsync(connection, names, count, cancellationToken).ConfigureAwait(false);
            var seedSeconds = seedClock.Elapsed.TotalSeconds;
            if (!parseResult.GetValue(json))
            {
                Console.WriteLine($"Seeded {count} article rows in {seedSeconds:0} s (Azurite in memory).");
            }

            using var counter = new StorageRequestCounter();
            var tablePort = new Uri(connection.TableService().Uri.ToString()).Port;

            var webPort = FreePort();
            await using var app = WebApp.Create(new WebViewSettings { Port = webPort, RefreshInterval = TimeSpan.FromMinutes(10) }, connection, names);
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{webPort}/"), Timeout = TimeSpan.FromMinutes(2) };
            await http.GetStringAsync("/articles", cancellationToken).ConfigureAwait(false); // warm-up: JIT, connections

            var views = new (string Name, string Query, int FollowNext)[]
            {
                ("first page, no filter", "", 0),
                ("page 20, no filter", "", 19),
                ("status=failed (1%)", "status=failed", 0),
                ("language=fr (10%)", "language=fr", 0),
                ("outlet (5%)", "outlet=" + Uri.EscapeDataString(Outlets[3]), 0),
                ("topic=politics (10%)", "topic=politics", 0),
                ("topic + status=failed", "topic=politics&status=failed", 0),
                ("title contains 'zeppelin' (0.1%)", "q=zeppelin", 0),
                ("title contains a word in none", "q=nowhere-to-be-found", 0),
            };
            var results = new List<object>();
            foreach (var (name, query, followNext) in views)
            {
                var times = new List<double>();
                long requests = 0;
                var shown = 0;
                var stoppedEarly = false;
                for (var r = 0; r < Math.Max(1, parseResult.GetValue(repeats)); r++)
                {
                    var url = "/articles" + (query.Length == 0 ? string.Empty : "?" + query);
                    for (var i = 0; i < followNext; i++)
                    {
                        url = NextLink(await http.GetStringAsync(url, cancellationToken).ConfigureAwait(false)) ?? url;
                    }

                    var before = counter[tablePort];
                    var clock = Stopwatch.StartNew();
                    var html = await http.GetStringAsync(url, cancellationToken).ConfigureAwait(false);
                    times.Add(clock.Elapsed.TotalMilliseconds);
                    requests = counter[tablePort] - before;
                    shown = CountRows(html);
                    stoppedEarly = html.Contains("Search on", StringComparison.Ordinal);
                }

                var median = Math.Round(Percentiles.Of(times, 0.5), 1);
                results.Add(new { view = name, medianMs = median, tableRequests = requests, articlesShown = shown, stoppedEarly });
                if (!parseResult.GetValue(json))
                {
                    Console.WriteLine($"{name,-36} {median,8:0.0} ms  {requests,3} table requests  {shown,3} articles{(stoppedEarly ? "  (budget reached: 'Search on')" : string.Empty)}");
                }
            }

            await app.StopAsync(CancellationToken.None).ConfigureAwait(false);
            if (parseResult.GetValue(json))
            {
                Output.Json(new { articles = count, seedSeconds = Math.Round(seedSeconds, 1), views = results });
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static async Task SeedAsync(StorageConnection connection, ResourceNames names, int count, CancellationToken cancellationToken)
    {
        var articles = connection.TableService().GetTableClient(names.ArticlesTable);
        var topics = connection.TableService().GetTableClient(names.TopicsTable);
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var politics = new ConcurrentBag<TableEntity>();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var id = ArticleId.FromContent(BitConverter.GetBytes(i));
            var status = i % 100 == 0 ? ArticleStatus.Failed : i % 50 == 1 ? ArticleStatus.Duplicate : ArticleStatus.Processed;
            var language = (i % 10) switch { 0 => "fr", 1 => "de", _ => "en" };
            var published = start.AddMinutes(i);
            var title = $"{CultureInfo.InvariantCulture.TextInfo.ToTitleCase(Words[i % Words.Length])} story {i} of the synthetic set" + (i % 1000 == 7 ? " with a zeppelin" : string.Empty);
            var inPolitics = i % 10 == 3;
            var entity = new TableEntity(id, "article")
            {
                ["Status"] = status, ["Title"] = title, ["Outlet"] = Outlets[i % Outlets.Length], ["Published"] = published.ToString("O", CultureInfo.InvariantCulture),
                ["Language"] = language, ["Blobs"] = JsonSerializer.Serialize(new[] { $"synthetic/{i}.html" }), ["SentenceCount"] = 12,
                ["Topics"] = ArticleJson.Serialize(inPolitics ? new[] { new TopicRecord("politics", 0.6, []) } : []),
                ["ReceivedAt"] = published, ["ProcessedAt"] = published.AddSeconds(2), ["LatencyMs"] = 2000.0, ["PipelineVersion"] = PipelineInfo.Version,
            };
            if (status == ArticleStatus.Failed)
            {
                entity["FailureStage"] = "clean";
                entity["FailureCode"] = "no-text";
                entity["FailureReason"] = "Nothing article-like was left.";
            }

            await StorageResilience.RunAsync(async t => await articles.UpsertEntityAsync(entity, TableUpdateMode.Replace, t).ConfigureAwait(false), ct).ConfigureAwait(false);
            if (inPolitics)
            {
                var topicRow = QueryIndexWriter.TopicRow("politics", published, id);
                topicRow["ArticleId"] = id;
                topicRow["Label"] = "politics";
                topicRow["Score"] = 0.6;
                topicRow["Title"] = title;
                politics.Add(topicRow);
            }
        }).ConfigureAwait(false);

        foreach (var chunk in politics.Chunk(100))
        {
            await StorageResilience.RunAsync(
                async t => await topics.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), t).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? NextLink(string html)
    {
        var marker = "rel=\"next\" href=\"";
        var at = html.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0)
        {
            return null;
        }

        var start = at + marker.Length;
        return WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
    }

    private static int CountRows(string html) => html.Split("<tr><td><span class=\"badge", StringSplitOptions.None).Length - 1;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
