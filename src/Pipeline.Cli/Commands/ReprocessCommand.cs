using System.CommandLine;
using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline reprocess</c>: run the stages again for stored articles (after a model or code update).</summary>
internal static class ReprocessCommand
{
    public static Command Create()
    {
        var all = new Option<bool>("--all") { Description = "Every article." };
        var status = new Option<string?>("--status") { Description = "Only articles with this status (e.g. failed)." };
        var ids = new Option<string[]>("--id") { Description = "Only these article ids (repeatable).", AllowMultipleArgumentsPerToken = true };
        var olderThan = new Option<string?>("--version-not") { Description = $"Only articles not produced by this pipeline version (e.g. {PipelineInfo.Version})." };
        var dryRun = new Option<bool>("--dry-run") { Description = "List what would be re-queued." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object: {queued, articles}." };
        var command = new Command("reprocess", "Queue stored articles for cleaning again (their dropped blob is read again); results are overwritten in place, never duplicated. Give --all or a filter.")
        {
            all, status, ids, olderThan, dryRun, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var idFilter = parseResult.GetValue(ids) ?? [];
            var statusFilter = parseResult.GetValue(status);
            var versionFilter = parseResult.GetValue(olderThan);
            if (!parseResult.GetValue(all) && idFilter.Length == 0 && statusFilter is null && versionFilter is null)
            {
                throw new Local.UserErrorException("Say which articles: --all, --status STATUS, --id ID or --version-not VERSION.");
            }

            await using var context = CliContext.Create(parseResult);
            var channel = context.Get<StageChannel>();
            var articles = new List<ArticleSummary>();
            await foreach (var article in context.Reader.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                articles.Add(article);
            }

            // An article whose blob was overwritten has content that exists nowhere any more: asked for by id, follow
            // the pointer to the article its blob holds now; in a filtered run the newer one is listed in its own right.
            var superseded = articles.Where(a => a.SupersededBy is not null && idFilter.Contains(a.Id, StringComparer.Ordinal))
                .Select(a => (Old: a.Id, New: a.SupersededBy!)).ToList();
            var wanted = idFilter.Concat(superseded.Select(s => s.New)).ToHashSet(StringComparer.Ordinal);
            var queued = new List<string>();
            foreach (var article in articles)
            {
                if (article.SupersededBy is not null
                    || (idFilter.Length > 0 && !wanted.Contains(article.Id))
                    || (statusFilter is not null && !string.Equals(article.Status, statusFilter, StringComparison.OrdinalIgnoreCase))
                    || (versionFilter is not null && article.PipelineVersion == versionFilter)
                    || article.Blobs.Count == 0)
                {
                    continue;
                }

                if (!parseResult.GetValue(dryRun))
                {
                    // Failures before cleaning (too large, binary) start again at ingest, where those checks live.
                    var body = article.Failure?.Stage == "ingest"
                        ? new SubmitMessage { Blob = article.Blobs[0], Force = true }.ToJson()
                        : new StageMessage { ArticleId = article.Id, Blob = article.Blobs[0], ReceivedAt = context.Get<TimeProvider>().GetUtcNow().ToString("O") }.ToJson();
                    await channel.SendRawAsync(article.Failure?.Stage == "ingest" ? context.Names.SubmitQueue : context.Names.CleanQueue, body, cancellationToken).ConfigureAwait(false);
                }

                queued.Add(article.Id);
            }

            foreach (var (old, newer) in superseded)
            {
                Console.Error.WriteLine($"{old} was superseded by {newer} (its blob was overwritten with new content){(queued.Contains(newer) ? "; queued " + newer + " instead" : "; " + newer + " is not stored yet")}.");
            }

            if (parseResult.GetValue(json))
            {
                Output.Json(new { queued = queued.Count, articles = queued, dryRun = parseResult.GetValue(dryRun) });
            }
            else
            {
                Console.WriteLine($"{queued.Count} article(s) {(parseResult.GetValue(dryRun) ? "would be" : "")} queued for reprocessing. The host must be running (./pipeline host).");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}
