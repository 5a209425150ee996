using System.CommandLine;
using System.Globalization;
using System.Text;
using Pipeline.Core.Articles;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline export</c>: articles or sentences as JSON lines or CSV, for search indexes and notebooks.</summary>
internal static class ExportCommand
{
    public static Command Create()
    {
        var what = new Argument<string>("what") { Description = "articles (full records) or sentences (one row per sentence)." };
        what.AcceptOnlyFromAmong("articles", "sentences");
        var format = new Option<string>("--format") { Description = "jsonl or csv.", DefaultValueFactory = _ => "jsonl" };
        format.AcceptOnlyFromAmong("jsonl", "csv");
        var output = new Option<string?>("--out") { Description = "Write to this file instead of standard output." };
        var command = new Command("export", "Export articles (full records as JSON lines; CSV gives the summary columns) or sentences (article id, index, offsets, role, speaker, text).")
        {
            what, format, output,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            await using var context = CliContext.Create(parseResult);
            var path = parseResult.GetValue(output);
            await using var writer = path is null ? Console.Out : new StreamWriter(path, append: false, new UTF8Encoding(false));
            var csv = parseResult.GetValue(format) == "csv";
            var count = 0;
            if (parseResult.GetValue(what) == "articles")
            {
                if (csv)
                {
                    await writer.WriteLineAsync("id,status,title,outlet,published,language,sentences,quotes,topics,cluster_id,blobs,failure").ConfigureAwait(false);
                }

                await foreach (var summary in context.Reader.ListAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (csv)
                    {
                        await writer.WriteLineAsync(string.Join(',', new[]
                        {
                            summary.Id, summary.Status, summary.Title, summary.Outlet, summary.Published, summary.Language,
                            summary.SentenceCount.ToString(CultureInfo.InvariantCulture), summary.QuoteCount.ToString(CultureInfo.InvariantCulture),
                            string.Join(';', summary.Topics.Select(t => t.Label)), summary.ClusterId, string.Join(';', summary.Blobs),
                            summary.Failure is { } f ? $"{f.Stage}: {f.Code}: {f.Reason}" : null,
                        }.Select(Csv))).ConfigureAwait(false);
                    }
                    else if (await context.Reader.LoadRecordAsync(summary.Id, cancellationToken).ConfigureAwait(false) is { } record)
                    {
                        await writer.WriteLineAsync(ArticleJson.Serialize(record)).ConfigureAwait(false);
                    }

                    count++;
                }
            }
            else
            {
                if (csv)
                {
                    await writer.WriteLineAsync("article_id,index,start,end,paragraph,role,speaker,text").ConfigureAwait(false);
                }

                await foreach (var sentence in context.Reader.ScanSentencesAsync(cancellationToken).ConfigureAwait(false))
                {
                    if (csv)
                    {
                        await writer.WriteLineAsync(string.Join(',', new[]
                        {
                            sentence.ArticleId, sentence.Index.ToString(CultureInfo.InvariantCulture), sentence.Start?.ToString(CultureInfo.InvariantCulture),
                            sentence.End?.ToString(CultureInfo.InvariantCulture), sentence.Paragraph?.ToString(CultureInfo.InvariantCulture),
                            sentence.Role, sentence.Speaker, sentence.Text,
                        }.Select(Csv))).ConfigureAwait(false);
                    }
                    else
                    {
                        await writer.WriteLineAsync(ArticleJson.Serialize(new
                        {
                            articleId = sentence.ArticleId, index = sentence.Index, start = sentence.Start, end = sentence.End, paragraph = sentence.Paragraph,
                            role = sentence.Role, speaker = sentence.Speaker, text = sentence.Text,
                        })).ConfigureAwait(false);
                    }

                    count++;
                }
            }

            if (path is not null)
            {
                await Console.Error.WriteLineAsync($"Wrote {count} {parseResult.GetValue(what)} to {path}.").ConfigureAwait(false);
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    /// <summary>RFC 4180 quoting.</summary>
    private static string Csv(string? value) =>
        value is null ? string.Empty
        : value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
}
