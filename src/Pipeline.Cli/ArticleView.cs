using System.Globalization;
using System.Text;
using Pipeline.Core.Articles;
using Spectre.Console;

namespace Pipeline.Cli;

/// <summary>One article for a human in a terminal (<c>show</c> and <c>process</c> without <c>--json</c>).</summary>
internal static class ArticleView
{
    public static void Render(ArticleRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var facts = new Grid().AddColumn(new GridColumn().NoWrap()).AddColumn();
        void Fact(string name, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                facts.AddRow($"[grey]{name}[/]", Output.Markup(value));
            }
        }

        Fact("id", record.Id);
        Fact("status", record.Status);
        Fact("blobs", string.Join(", ", record.Blobs));
        Fact("outlet", record.Outlet);
        Fact("published", record.Published);
        Fact("authors", string.Join(", ", record.Authors));
        Fact("url", record.Url);
        Fact("language", record.Language is null ? null : $"{record.Language} ({record.LanguageConfidence:0.00})");
        Fact("topics", string.Join("; ", record.Topics.Select(t => $"{t.Label} {t.Score:0.00}" + (t.Evidence.Count > 0 ? $" ({string.Join(", ", t.Evidence.Take(4))})" : string.Empty))));
        Fact("model", record.TopicModel);
        Fact("cluster", record.ClusterId is null ? null : record.ClusterId == record.Id ? "first of its cluster" : $"{record.ClusterId} (similarity {record.Similarity:0.00})");
        Fact("counts", record.Text is null ? null : $"{record.Paragraphs.Count} paragraphs, {record.Sentences.Count} sentences, {record.Quotes.Count} quotes, {record.Entities.Count} entities, {record.Removed.Count} removed blocks");
        if (record.Failure is { } failure)
        {
            facts.AddRow("[red]failure[/]", Output.Markup($"{failure.Stage}: {failure.Code}: {failure.Reason}"));
        }

        AnsiConsole.Write(new Panel(facts).Header(Output.Markup(record.Title ?? "(no title)")).Border(BoxBorder.Rounded));
        if (record.Text is { } text)
        {
            AnsiConsole.Write(new Rule("[grey]text — sentences alternate shades, quotes in cyan, speakers in brackets[/]").LeftJustified());
            AnsiConsole.MarkupLine(MarkText(record, text));
        }

        if (record.Entities.Count > 0)
        {
            var entities = new Table().Border(TableBorder.Simple).AddColumns("Entity", "Kind", "Role", "Mentions");
            foreach (var e in record.Entities.OrderByDescending(e => e.Count).Take(20))
            {
                entities.AddRow(Output.Markup(e.Name), e.Kind, Output.Markup(e.Role), e.Count.ToString(CultureInfo.InvariantCulture));
            }

            AnsiConsole.Write(entities);
        }

        if (record.Removed.Count > 0)
        {
            var removed = new Table().Border(TableBorder.Simple).AddColumns("Removed because", "Text");
            foreach (var block in record.Removed.Take(40))
            {
                removed.AddRow($"[yellow]{Output.Markup(block.Reason)}[/]", Output.Markup(Output.Clip(block.Text, 100)));
            }

            AnsiConsole.Write(removed);
            if (record.Removed.Count > 40)
            {
                Console.WriteLine($"... and {record.Removed.Count - 40} more removed blocks (see --json).");
            }
        }
    }

    /// <summary>Marks sentences (alternating shade) and quotes (cyan) with their speakers, from the shared layout of the record's offsets.</summary>
    private static string MarkText(ArticleRecord record, string text)
    {
        var builder = new StringBuilder();
        string? open = null;
        foreach (var run in ArticleLayout.Runs(record))
        {
            var style = run.Quote >= 0 ? "cyan" : run.Sentence < 0 ? "default" : run.Sentence % 2 == 0 ? "default" : "grey";
            if (style != open)
            {
                if (open is not null)
                {
                    builder.Append("[/]");
                }

                builder.Append('[').Append(style).Append(']');
                open = style;
            }

            builder.Append(Output.Markup(text[run.Start..run.End]));
            if (run.SpeakerAfter is { } speaker)
            {
                builder.Append("[/][magenta] [[").Append(Output.Markup(speaker)).Append("]][/]");
                open = null;
            }
        }

        if (open is not null)
        {
            builder.Append("[/]");
        }

        return builder.ToString();
    }
}
