using System.CommandLine;
using System.Text.RegularExpressions;
using Pipeline.Cli.Local;
using Pipeline.Core.Articles;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline show</c>: one article, by id or by the blob name it was dropped as.</summary>
internal static partial class ShowCommand
{
    public static Command Create()
    {
        var key = new Argument<string>("id-or-blob") { Description = "An article id (32 hex characters) or a blob name in the articles container." };
        var json = new Option<bool>("--json") { Description = "Print the whole record as one JSON object (the same shape as `process --json`)." };
        var command = new Command("show", "Show one article: metadata, text with sentences and quotes marked, removed blocks with reasons, topics, entities, cluster.")
        {
            key, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var context = CliContext.Create(parseResult);
            var given = parseResult.GetValue(key)!;
            var id = IdShape().IsMatch(given) ? given : await context.BlobIndex.FindArticleIdAsync(given, cancellationToken).ConfigureAwait(false);
            var record = id is null ? null : await context.Reader.LoadRecordAsync(id, cancellationToken).ConfigureAwait(false);
            if (record is null)
            {
                throw new UserErrorException($"No article with id or blob name '{given}'. See ./pipeline list.");
            }

            if (parseResult.GetValue(json))
            {
                Output.Json(record);
            }
            else
            {
                ArticleView.Render(record);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    [GeneratedRegex("^[0-9a-fn][0-9a-f]{31}$")]
    private static partial Regex IdShape();
}
