using System.CommandLine;
using Pipeline.Cli.Local;
using Pipeline.Storage;
using Spectre.Console;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline drop</c>: upload files and folders into the articles container.</summary>
internal static class DropCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths") { Description = "Files, folders or globs (e.g. 'news/*.html'). A file keeps its name; a folder's files keep their paths relative to it.", Arity = ArgumentArity.OneOrMore };
        var json = new Option<bool>("--json") { Description = "Print one JSON line per file: {file, blob, outcome, bytes}." };
        var triggerOnly = new Option<bool>("--trigger-only") { Description = "Only upload; leave discovery to the blob trigger's container scan (as Storage Explorer or az would)." };
        var command = new Command("drop", "Upload articles into the `articles` container; unchanged files are skipped (announced again if they were never ingested, e.g. after an interrupted drop). Each upload is also announced on the submit queue so it is processed at once.")
        {
            paths, json, triggerOnly,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            IReadOnlyList<(string Path, string BlobName)> files;
            try
            {
                files = ArticleUploader.Expand(Globbing.Expand(parseResult.GetValue(paths) ?? []));
            }
            catch (FileNotFoundException e)
            {
                throw new UserErrorException(e.Message);
            }

            if (files.Count == 0)
            {
                throw new UserErrorException("Nothing to drop: the folders are empty or the globs matched no file.");
            }

            await using var context = CliContext.Create(parseResult);
            var uploader = context.Get<ArticleUploader>();
            var submit = !parseResult.GetValue(triggerOnly);
            var results = new List<UploadResult>();
            if (parseResult.GetValue(json) || !AnsiConsole.Profile.Capabilities.Interactive)
            {
                foreach (var (path, blobName) in files)
                {
                    var result = await uploader.UploadAsync(path, blobName, submit, cancellationToken).ConfigureAwait(false);
                    results.Add(result);
                    if (parseResult.GetValue(json))
                    {
                        Output.Json(result);
                    }
                }
            }
            else
            {
                await AnsiConsole.Progress().AutoClear(true).StartAsync(async progress =>
                {
                    var task = progress.AddTask("Uploading", maxValue: files.Count);
                    foreach (var (path, blobName) in files)
                    {
                        results.Add(await uploader.UploadAsync(path, blobName, submit, cancellationToken).ConfigureAwait(false));
                        task.Increment(1);
                    }
                }).ConfigureAwait(false);
            }

            if (!parseResult.GetValue(json))
            {
                foreach (var result in results)
                {
                    Console.WriteLine($"{result.Outcome,-9}  {result.File}  ->  {context.Names.ArticlesContainer}/{result.Blob}");
                }

                var uploaded = results.Count(r => r.Outcome == UploadResult.Uploaded);
                var announced = results.Count(r => r.Outcome == UploadResult.Announced);
                var again = announced > 0 ? $" ({announced} of them uploaded before but not yet ingested: announced again)" : string.Empty;
                Console.WriteLine($"{uploaded} uploaded, {results.Count - uploaded} unchanged{again}. Follow them with ./pipeline watch or ./pipeline list.");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }
}

/// <summary>Expands '*' and '?' in the last path segment (for shells that pass globs through unexpanded).</summary>
internal static class Globbing
{
    public static IEnumerable<string> Expand(IEnumerable<string> inputs)
    {
        foreach (var input in inputs)
        {
            var name = Path.GetFileName(input);
            if (name.IndexOfAny(['*', '?']) < 0 || File.Exists(input))
            {
                yield return input;
                continue;
            }

            var folder = Path.GetDirectoryName(input) is { Length: > 0 } dir ? dir : ".";
            if (!Directory.Exists(folder))
            {
                throw new UserErrorException($"No such folder: {folder}");
            }

            foreach (var match in Directory.EnumerateFiles(folder, name).Order(StringComparer.Ordinal))
            {
                yield return match;
            }
        }
    }
}
