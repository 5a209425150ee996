using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Pipeline.Cli.Local;
using Pipeline.Evaluation.Hostile;

namespace Pipeline.Cli.Commands;

/// <summary>
/// <c>pipeline bench hostile</c>: generates each hostile file (<see cref="HostileFiles"/>) and runs
/// <c>pipeline process FILE --json</c> on it in a child process, as a user would. A child process because the point is
/// to survive what the stages might do: a stack overflow kills its process and a quadratic walk never returns, and the
/// benchmark must still print its table.
/// </summary>
internal static class BenchHostileCommand
{
    public static Command Create()
    {
        var kinds = new Option<string[]>("--kind") { Description = "Only these kinds (repeatable); default: all.", AllowMultipleArgumentsPerToken = true };
        var scale = new Option<double>("--scale") { Description = "Multiply every kind's element count (0.01-1; the default 1 is the full-size file).", DefaultValueFactory = _ => 1.0 };
        var timeout = new Option<int>("--timeout-seconds") { Description = "Kill a run after this long and report a timeout.", DefaultValueFactory = _ => 120 };
        var keep = new Option<string?>("--out") { Description = "Keep the generated files in this folder (default: a temporary folder, deleted after)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object per file, one per line." };
        var command = new Command("hostile", "Generate hostile files (deep nesting, unclosed tags, huge attributes and comments, entities, deep JSON, one long line, "
            + "unbalanced quotes, invisible characters, an ordinary 2 MB article) and time `process` on each in a child process.")
        {
            kinds, scale, timeout, keep, json,
        };
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var selected = parseResult.GetValue(kinds) is { Length: > 0 } names ? names : HostileFiles.Kinds.Select(k => k.Name).ToArray();
            var unknown = selected.Where(n => HostileFiles.Kinds.All(k => k.Name != n)).ToList();
            if (unknown.Count > 0)
            {
                throw new UserErrorException($"Unknown kind(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", HostileFiles.Kinds.Select(k => k.Name))}.");
            }

            var factor = parseResult.GetValue(scale);
            if (factor is < 0.01 or > 1)
            {
                throw new UserErrorException("--scale must be between 0.01 and 1.");
            }

            var seconds = parseResult.GetValue(timeout);
            if (seconds < 1)
            {
                throw new UserErrorException("--timeout-seconds must be at least 1.");
            }

            var outFolder = parseResult.GetValue(keep);
            var folder = outFolder ?? Path.Combine(Path.GetTempPath(), "pipeline-hostile-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            Directory.CreateDirectory(folder);
            var asJson = parseResult.GetValue(json);
            if (!asJson)
            {
                Console.WriteLine($"{"kind",-18} {"size",9} {"wall s",8} {"cpu s",8}  {"outcome",-28} structure");
            }

            try
            {
                foreach (var name in selected)
                {
                    var kind = HostileFiles.Kinds.First(k => k.Name == name);
                    var file = HostileFiles.Generate(name, Math.Max(1, (int)(kind.DefaultCount * factor)));
                    var path = Path.Combine(folder, file.Name);
                    await File.WriteAllBytesAsync(path, file.Content, cancellationToken).ConfigureAwait(false);
                    var run = await RunProcessAsync(path, TimeSpan.FromSeconds(seconds), cancellationToken).ConfigureAwait(false);
                    if (asJson)
                    {
                        Console.WriteLine(JsonSerializer.Serialize(new
                        {
                            kind = file.Kind,
                            structure = file.Description,
                            bytes = file.Content.Length,
                            wallSeconds = Math.Round(run.WallSeconds, 2),
                            cpuSeconds = double.IsNaN(run.CpuSeconds) ? (double?)null : Math.Round(run.CpuSeconds, 2),
                            outcome = run.Outcome,
                            exitCode = run.ExitCode,
                        }));
                    }
                    else
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"{file.Kind,-18} {file.Content.Length / 1e6,7:F2}MB {run.WallSeconds,8:F2} {run.CpuSeconds,8:F2}  {run.Outcome,-28} {file.Description}"));
                    }
                }
            }
            finally
            {
                if (outFolder is null)
                {
                    Directory.Delete(folder, recursive: true);
                }
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private sealed record Run(double WallSeconds, double CpuSeconds, string Outcome, int? ExitCode);

    /// <summary>Runs this same CLI's <c>process FILE --json</c>; wall and CPU time include the child's start-up (~0.3 s of CPU).</summary>
    private static async Task<Run> RunProcessAsync(string path, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        var host = Environment.ProcessPath!;
        if (Path.GetFileNameWithoutExtension(host) == "dotnet")
        {
            // Started as `dotnet pipeline.dll`: start the child the same way.
            start.FileName = host;
            start.ArgumentList.Add(typeof(BenchHostileCommand).Assembly.Location);
        }
        else
        {
            start.FileName = host;
        }

        start.ArgumentList.Add("process");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add("--json");

        var cpuBefore = ChildrenCpuSeconds();
        var watch = Stopwatch.StartNew();
        using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the child process.");
        var stdout = child.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = child.StandardError.ReadToEndAsync(cancellationToken);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await child.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return new Run(watch.Elapsed.TotalSeconds, ChildrenCpuSeconds() - cpuBefore, $"timeout (killed after {timeout.TotalSeconds:0} s)", null);
        }

        var wall = watch.Elapsed.TotalSeconds;
        var output = await stdout.ConfigureAwait(false);
        var errors = await stderr.ConfigureAwait(false);
        return new Run(wall, ChildrenCpuSeconds() - cpuBefore, Describe(child.ExitCode, output, errors), child.ExitCode);
    }

    /// <summary>
    /// CPU seconds (user + system) of this process's finished children, from /proc/self/stat (cutime, cstime): the
    /// machine is shared, so CPU time says more than wall time. <see cref="Process.TotalProcessorTime"/> cannot be read
    /// once a child has exited on Linux. NaN where /proc is missing.
    /// </summary>
    private static double ChildrenCpuSeconds()
    {
        const double ClockTicksPerSecond = 100; // USER_HZ, 100 on every Linux the SDK supports
        try
        {
            var stat = File.ReadAllText("/proc/self/stat");
            // Fields after the parenthesised command name (which may hold spaces); cutime and cstime are fields 16 and 17.
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[13], CultureInfo.InvariantCulture) + long.Parse(fields[14], CultureInfo.InvariantCulture)) / ClockTicksPerSecond;
        }
        catch (IOException)
        {
            return double.NaN;
        }
        catch (UnauthorizedAccessException)
        {
            return double.NaN;
        }
    }

    /// <summary>The record's status and failure code, or how the child died.</summary>
    private static string Describe(int exitCode, string output, string errors)
    {
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        if (exitCode is 0 or 1 && line is not null)
        {
            try
            {
                using var record = JsonDocument.Parse(line);
                var status = record.RootElement.TryGetProperty("status", out var s) ? s.GetString() : "?";
                if (record.RootElement.TryGetProperty("failure", out var failure) && failure.ValueKind == JsonValueKind.Object)
                {
                    return $"{status}: {failure.GetProperty("stage").GetString()} {failure.GetProperty("code").GetString()}";
                }

                var sentences = record.RootElement.TryGetProperty("sentences", out var list) && list.ValueKind == JsonValueKind.Array ? list.GetArrayLength() : 0;
                return $"{status} ({sentences:N0} sentences)";
            }
            catch (JsonException)
            {
                // Not a record: fall through to the exit code.
            }
        }

        var hint = errors.Contains("Stack overflow", StringComparison.OrdinalIgnoreCase) ? "stack overflow" : errors.Split('\n', 2)[0].Trim();
        return $"crashed (exit {exitCode}{(hint.Length > 0 ? ": " + Output.Clip(hint, 40) : string.Empty)})";
    }
}
