using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Functions;
using Pipeline.Processing;

namespace Pipeline.Cli.Commands;

/// <summary><c>pipeline host</c>: the functions host in the foreground.</summary>
internal static class HostCommand
{
    public static Command Create()
    {
        var command = new Command("host",
            "Run the functions host in the foreground (IngestArticle, SubmitArticle, CleanArticle, SegmentArticle, ClassifyArticle). " +
            "Reads local.settings.json and the environment like Azure Functions does. Ctrl+C stops it: no new messages are taken, and functions already running get up to 30 s (the host's shutdown timeout) to finish.");
        command.SetAction((parseResult, cancellationToken) => CommandRunner.RunAsync(async () =>
        {
            var configuration = CliContext.BuildConfiguration(parseResult);
            var overrides = new Dictionary<string, string?>
            {
                [PipelineServices.StorageSetting] = configuration[PipelineServices.StorageSetting],
                [PipelineServices.StorageAccountSetting] = configuration[PipelineServices.StorageAccountSetting],
            };
            // A failed start is reported once, as a clear error line (exit 1 for bad settings); not also as a logged stack trace.
            using var host = FunctionsHost.CreateBuilder([], overrides: overrides)
                .ConfigureLogging(logging => logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None))
                .Build();
            Console.WriteLine("Functions host starting; drop files into the `articles` container (./pipeline drop FILES). Ctrl+C to stop.");
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return ExitCodes.Ok;
        }));
        return command;
    }
}
