using System.CommandLine;
using System.Globalization;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The reads analysts make, each one partition of a table: <c>quotes</c> by a speaker, <c>mentions</c> of an entity,
/// articles of a <c>topic</c> newest first, members of a duplicate <c>cluster</c>.
/// </summary>
internal static class QueryCommands
{
    private static readonly string[] EntityKinds = ["person", "organization", "place"];

    public static IEnumerable<Command> Create()
    {
        yield return Build<QuoteRow>("quotes", "speaker", "All quotes attributed to a speaker (full name as shown by `show`; case and spacing do not matter).",
            (reader, value, _, top, ct) => reader.QuotesBySpeakerAsync(value, top, ct),
            ["Speaker", "SpeakerRole", "Text", "Title", "Published", "ArticleId"], q => [q.Speaker, q.SpeakerRole, q.Text, q.Title, q.Published, q.ArticleId]);
        yield return Build<MentionRow>("mentions", "entity", "All articles mentioning an entity (person, organization or place; add --kind to narrow).",
            async (reader, value, kind, top, ct) =>
            {
                var rows = new List<MentionRow>();
                foreach (var each in kind is { } k ? [k] : EntityKinds)
                {
                    rows.AddRange(await reader.MentionsAsync(each, value, top, ct).ConfigureAwait(false));
                }

                return rows;
            },
            ["Name", "Kind", "Role", "Count", "Title", "Published"], m => [m.Name, m.Kind, m.Role, m.Count, m.Title, m.Published],
            rowKey: ("articleId", m => m.ArticleId), kindOption: true);
        yield return Build<TopicArticleRow>("topic", "label", "All articles of a topic, newest first (labels as in `show`, e.g. politics, sport, \"missile programme\").",
            (reader, value, _, top, ct) => reader.TopicArticlesAsync(value, top, ct),
            ["Label", "Score", "Title", "Published", "ArticleId"], t => [t.Label, t.Score, t.Title, t.Published, t.ArticleId]);
        yield return Build<ClusterMemberRow>("cluster", "cluster-id", "All members of a near-duplicate cluster (the cluster id is the id of its first article).",
            (reader, value, _, top, ct) => reader.ClusterMembersAsync(value, top, ct),
            ["Similarity", "Title", "Outlet", "Published"], c => [c.Similarity, c.Title, c.Outlet, c.Published], rowKey: ("articleId", c => c.ArticleId));
    }

    /// <param name="name">The command.</param>
    /// <param name="argumentName">What the one argument is (a speaker, an entity ...).</param>
    /// <param name="description">The command's help text.</param>
    /// <param name="read">Reads the rows for the given value, kind (null unless --kind) and --top.</param>
    /// <param name="columns">Column headings; their camel-case forms are the JSON keys (a contract).</param>
    /// <param name="values">A row's values, in the order of <paramref name="columns"/>.</param>
    /// <param name="rowKey">A leading column that identifies the row (heading and JSON key alike), if the view has one.</param>
    /// <param name="kindOption">Whether the command takes --kind.</param>
    private static Command Build<TRow>(string name, string argumentName, string description,
        Func<ArticleReader, string, string?, int, CancellationToken, Task<IReadOnlyList<TRow>>> read,
        string[] columns, Func<TRow, object?[]> values, (string Name, Func<TRow, string> Value)? rowKey = null, bool kindOption = false)
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
            var rows = await read(context.Reader, given, kindOption ? parseResult.GetValue(kind) : null, parseResult.GetValue(top), cancellationToken).ConfigureAwait(false);

            if (parseResult.GetValue(json))
            {
                foreach (var row in rows)
                {
                    var line = new Dictionary<string, object?>();
                    if (rowKey is { } key)
                    {
                        line[key.Name] = key.Value(row);
                    }

                    foreach (var (column, cell) in columns.Zip(values(row)))
                    {
                        line[char.ToLowerInvariant(column[0]) + column[1..]] = cell;
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
            if (rowKey is { } heading)
            {
                view.AddColumn(heading.Name);
            }

            view.AddColumns(columns);
            foreach (var row in rows)
            {
                var cells = values(row).Select(v => Output.Markup(Output.Clip(Convert.ToString(v, CultureInfo.InvariantCulture), 70)));
                view.AddRow(rowKey is { } key ? cells.Prepend(key.Value(row)).ToArray() : cells.ToArray());
            }

            AnsiConsole.Write(view);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
