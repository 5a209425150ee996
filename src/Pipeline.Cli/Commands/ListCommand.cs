using System.CommandLine;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline list</c>: every article, newest first.</summary>
internal static class ListCommand
{
    public static Command Create()
    {
        var json = new Option<bool>("--json") { Description = "One JSON line per article (id, blobs, status, title, outlet, published, language, topics, clusterId, counts, failure...)." };
        var status = new Option<string?>("--status") { Description = "Only articles with this status: processed, duplicate, failed or pending." };
        var top = new Option<int?>("--top") { Description = "At most this many articles." };
        var command = new Command("list", "List the articles in Table Storage, newest first.") { json, status, top };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var context = CliContext.Create(parseResult);
            var wanted = parseResult.GetValue(status);
            var articles = new List<ArticleSummary>();
            await foreach (var article in context.Reader.ListAsync(cancellationToken).ConfigureAwait(false))
            {
                if (wanted is null || string.Equals(article.Status, wanted, StringComparison.OrdinalIgnoreCase))
                {
                    articles.Add(article);
                }
            }

            var ordered = articles.OrderByDescending(a => a.ProcessedAt ?? a.ReceivedAt, StringComparer.Ordinal)
                .Take(parseResult.GetValue(top) ?? int.MaxValue).ToList();
            if (parseResult.GetValue(json))
            {
                ordered.ForEach(Output.Json);
                return ExitCodes.Ok;
            }

            Render(ordered);
            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>The human table: also what <c>demo</c> prints at the end.</summary>
    public static void Render(IReadOnlyList<ArticleSummary> articles)
    {
        if (articles.Count == 0)
        {
            Console.WriteLine("No articles yet. Drop some with ./pipeline drop FILES (the host must be running: ./pipeline host).");
            return;
        }

        var table = new Table().Border(TableBorder.Rounded)
            .AddColumns("Status", "Title", "Outlet", "Published", "Lang", "Sent.", "Top topics", "Blob / reason");
        foreach (var a in articles)
        {
            var statusColor = a.Status switch { "processed" => "green", "duplicate" => "yellow", "failed" => "red", _ => "grey" };
            var detail = a.Failure is { } f ? $"{f.Stage}: {f.Reason}" : string.Join(", ", a.Blobs);
            table.AddRow(
                $"[{statusColor}]{a.Status}[/]",
                Output.Markup(Output.Clip(a.Title, 44)),
                Output.Markup(Output.Clip(a.Outlet, 18)),
                Output.Markup(a.Published is { Length: >= 10 } published ? published[..10] : a.Published),
                Output.Markup(a.Language),
                a.SentenceCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Output.Markup(Output.Clip(string.Join(", ", a.Topics.Take(2).Select(t => t.Label)), 40)),
                Output.Markup(Output.Clip(detail, 44)));
        }

        AnsiConsole.Write(table);
        Console.WriteLine($"{articles.Count} article(s). Details: ./pipeline show <id|blob-name>");
    }
}
