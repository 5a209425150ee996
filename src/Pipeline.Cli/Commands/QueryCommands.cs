using System.CommandLine;
using System.Globalization;
using Azure.Data.Tables;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The reads analysts make, each one partition of a table: <c>quotes</c> by a speaker, <c>mentions</c> of an entity,
/// articles of a <c>topic</c> newest first, members of a duplicate <c>cluster</c>.
/// </summary>
internal static class QueryCommands
{
    public static IEnumerable<Command> Create()
    {
        yield return Build("quotes", "speaker", "All quotes attributed to a speaker (full name as shown by `show`; case and spacing do not matter).",
            (context, value) => (context.Names.QuotesTable, TableKeys.ForName(value)),
            ["Speaker", "SpeakerRole", "Text", "Title", "Published", "ArticleId"]);
        yield return Build("mentions", "entity", "All articles mentioning an entity (person, organization or place; add --kind to narrow).",
            (context, value) => (context.Names.EntitiesTable, value), ["Name", "Kind", "Role", "Count", "Title", "Published"], rowKeyName: "articleId", kindOption: true);
        yield return Build("topic", "label", "All articles of a topic, newest first (labels as in `show`, e.g. politics, sport, \"missile programme\").",
            (context, value) => (context.Names.TopicsTable, TableKeys.ForName(value)), ["Label", "Score", "Title", "Published", "ArticleId"]);
        yield return Build("cluster", "cluster-id", "All members of a near-duplicate cluster (the cluster id is the id of its first article).",
            (context, value) => (context.Names.ClustersTable, value), ["Similarity", "Title", "Outlet", "Published"], rowKeyName: "articleId");
    }

    private static Command Build(string name, string argumentName, string description, Func<CliContext, string, (string Table, string Partition)> locate,
        string[] columns, string? rowKeyName = null, bool kindOption = false)
    {
        var value = new Argument<string>(argumentName);
        var json = new Option<bool>("--json") { Description = "One JSON line per row." };
        var top = new Option<int>("--top") { Description = "At most this many rows.", DefaultValueFactory = _ => 100 };
        var kind = new Option<string?>("--kind") { Description = "person, organization or place." };
        var command = new Command(name, description) { value, json, top };
        if (kindOption)
        {
            command.Options.Add(kind);
        }

        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var context = CliContext.Create(parseResult);
            var given = parseResult.GetValue(value)!;
            var rows = new List<TableEntity>();
            if (kindOption)
            {
                var kinds = parseResult.GetValue(kind) is { } k ? [k] : new[] { "person", "organization", "place" };
                foreach (var each in kinds)
                {
                    rows.AddRange(await context.Store.QueryPartitionAsync(context.Names.EntitiesTable, ArticleStore.EntityPartition(each, given), parseResult.GetValue(top), cancellationToken).ConfigureAwait(false));
                }
            }
            else
            {
                var (table, partition) = locate(context, given);
                rows.AddRange(await context.Store.QueryPartitionAsync(table, partition, parseResult.GetValue(top), cancellationToken).ConfigureAwait(false));
            }

            if (parseResult.GetValue(json))
            {
                foreach (var row in rows)
                {
                    var line = new Dictionary<string, object?>();
                    if (rowKeyName is not null)
                    {
                        line[rowKeyName] = row.RowKey;
                    }

                    foreach (var column in columns)
                    {
                        line[char.ToLowerInvariant(column[0]) + column[1..]] = row.TryGetValue(column, out var v) ? v : null;
                    }

                    Output.Json(line);
                }

                return ExitCodes.Ok;
            }

            if (rows.Count == 0)
            {
                Console.WriteLine($"Nothing found for {argumentName} '{given}'.");
                return ExitCodes.Ok;
            }

            var view = new Table().Border(TableBorder.Rounded);
            if (rowKeyName is not null)
            {
                view.AddColumn(rowKeyName);
            }

            view.AddColumns(columns);
            foreach (var row in rows)
            {
                var cells = columns.Select(c => Output.Markup(Output.Clip(Convert.ToString(row.TryGetValue(c, out var v) ? v : null, CultureInfo.InvariantCulture), 70)));
                view.AddRow(rowKeyName is null ? cells.ToArray() : cells.Prepend(row.RowKey).ToArray());
            }

            AnsiConsole.Write(view);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
