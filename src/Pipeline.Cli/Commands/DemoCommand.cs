using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Cli.Local;
using Pipeline.Core.Articles;
using Pipeline.Functions;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline demo</c>: the one-command tour. Starts Azurite if needed, provisions, runs the functions host in this
/// process, drops the sample articles, waits for each, and prints the results. Safe to run again.
/// </summary>
internal static class DemoCommand
{
    public static Command Create()
    {
        var samples = new Option<string?>("--samples") { Description = "Folder of articles to drop (default: samples/articles in the repo)." };
        var timeout = new Option<int>("--timeout") { Description = "Seconds to wait for all articles.", DefaultValueFactory = _ => 180 };
        var json = new Option<bool>("--json") { Description = "Print one JSON line per article (as `list --json`) instead of the table." };
        var command = new Command("demo", "Start Azurite, provision, run the functions host, drop the sample articles, wait until each is processed and print the results.")
        {
            samples, timeout, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var quiet = parseResult.GetValue(json);
            void Say(string line)
            {
                if (!quiet)
                {
                    Console.WriteLine(line);
                }
            }

            var folder = parseResult.GetValue(samples) ?? Path.Combine(RepoPaths.RequireRoot(), "samples", "articles");
            if (!Directory.Exists(folder))
            {
                throw new UserErrorException($"No sample folder at {folder}.");
            }

            await using var context = CliContext.Create(parseResult);
            Say($"1/4 Storage: {context.Connection.Describe()} ({await UpCommand.EnsureLocalStorageAsync(context, quiet).ConfigureAwait(false)})");
            await context.Get<Provisioner>().EnsureAllAsync(cancellationToken).ConfigureAwait(false);

            var overrides = new Dictionary<string, string?>
            {
                [PipelineServices.StorageSetting] = context.Configuration[PipelineServices.StorageSetting],
                [PipelineServices.StorageAccountSetting] = context.Configuration[PipelineServices.StorageAccountSetting],
            };
            using var host = FunctionsHost.CreateBuilder([], overrides: overrides)
                .ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Error))
                .Build();
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
            Say("2/4 Functions host started (IngestArticle, SubmitArticle, CleanArticle, SegmentArticle, ClassifyArticle).");

            var uploader = context.Get<ArticleUploader>();
            var files = ArticleUploader.Expand([folder]);
            var uploads = new List<UploadResult>();
            foreach (var (path, blobName) in files)
            {
                uploads.Add(await uploader.UploadAsync(path, blobName, submit: true, cancellationToken).ConfigureAwait(false));
            }

            Say($"3/4 Dropped {uploads.Count(u => u.Outcome == UploadResult.Uploaded)} file(s) into `{context.Names.ArticlesContainer}` " +
                $"({uploads.Count(u => u.Outcome == UploadResult.Unchanged)} unchanged since the last run); waiting for results ...");

            var results = await WaitForAsync(context.BlobIndex, context.Reader, uploads.Select(u => u.Blob).ToList(), TimeSpan.FromSeconds(parseResult.GetValue(timeout)), cancellationToken).ConfigureAwait(false);
            await host.StopAsync(CancellationToken.None).ConfigureAwait(false);

            var missing = uploads.Select(u => u.Blob).Where(b => !results.ContainsKey(b)).ToList();
            var articles = results.Values.DistinctBy(a => a.Id).ToList();
            if (quiet)
            {
                articles.ForEach(Output.Json);
            }
            else
            {
                Say("4/4 Results (from Table Storage):");
                ListCommand.Render(articles);
                Say("Try: ./pipeline show <id>   ./pipeline list --json   ./pipeline watch   (./pipeline down stops Azurite)");
            }

            if (missing.Count > 0)
            {
                throw new InfrastructureException($"Timed out waiting for: {string.Join(", ", missing)}. Is another host consuming the queues with an older build?");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>Polls the tables until every blob's article is processed, a duplicate, or failed.</summary>
    public static async Task<Dictionary<string, ArticleSummary>> WaitForAsync(BlobIndex blobIndex, ArticleReader reader, IReadOnlyList<string> blobs, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var done = new Dictionary<string, ArticleSummary>(StringComparer.Ordinal);
        var clock = Stopwatch.StartNew();
        while (done.Count < blobs.Count && clock.Elapsed < timeout)
        {
            foreach (var blob in blobs.Where(b => !done.ContainsKey(b)))
            {
                if (await blobIndex.FindArticleIdAsync(blob, cancellationToken).ConfigureAwait(false) is not { } id
                    || await reader.GetSummaryAsync(id, cancellationToken).ConfigureAwait(false) is not { } summary)
                {
                    continue;
                }

                if (summary.Status != ArticleStatus.Pending)
                {
                    done[blob] = summary;
                }
            }

            if (done.Count < blobs.Count)
            {
                await Task.Delay(250, cancellationToken).ConfigureAwait(false);
            }
        }

        return done;
    }
}
