using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Processing;
using Pipeline.Processing.Configuration;
using Pipeline.Storage;

namespace Pipeline.Functions;

/// <summary>
/// Builds the functions host: the Azure WebJobs SDK (the engine under Azure Functions) with blob and queue triggers,
/// configured the Functions way (<c>local.settings.json</c> Values, then environment variables).
/// </summary>
public static class FunctionsHost
{
    /// <summary>
    /// Fixed host id: blob receipts are kept per host id, and the default id is derived from the entry assembly, so
    /// `pipeline host`, `pipeline demo` and the deployed Pipeline.Host would each re-ingest every blob after any upgrade.
    /// </summary>
    public const string HostId = "news-pipeline";

    /// <param name="args">Command-line arguments (configuration overrides such as <c>--Pipeline:MaxArticleBytes=1000</c>).</param>
    /// <param name="settingsPath">A <c>local.settings.json</c>; null to locate it (PIPELINE_SETTINGS, then the current folder).</param>
    /// <param name="overrides">Settings that win over everything (tests use it for their own Azurite).</param>
    public static IHostBuilder CreateBuilder(string[] args, string? settingsPath = null, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var names = ResourceNames.Default;
        return new HostBuilder()
            .ConfigureAppConfiguration(config =>
            {
                // Trigger attributes name their queues as %CleanQueue% etc.; the values come from the one manifest.
                config.AddInMemoryCollection(new Dictionary<string, string?>
                {
                    ["ArticlesContainer"] = names.ArticlesContainer,
                    ["SubmitQueue"] = names.SubmitQueue,
                    ["CleanQueue"] = names.CleanQueue,
                    ["SegmentQueue"] = names.SegmentQueue,
                    ["ClassifyQueue"] = names.ClassifyQueue,
                });
                config.AddLocalSettings(settingsPath ?? LocalSettings.Locate());
                config.AddEnvironmentVariables();
                config.AddCommandLine(args);
                if (overrides is not null)
                {
                    config.AddInMemoryCollection(overrides);
                }
            })
            .ConfigureLogging((context, logging) =>
            {
                logging.AddSimpleConsole(o =>
                {
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                });
                logging.SetMinimumLevel(LogLevel.Information);
                // The engine narrates every poll and lease at Information; keep the console for our own events.
                logging.AddFilter("Host", LogLevel.Warning);
                logging.AddFilter("Function", LogLevel.Warning);
                logging.AddFilter("Microsoft", LogLevel.Warning);
                logging.AddFilter("Azure", LogLevel.Warning);
            })
            .ConfigureServices((context, services) =>
            {
                PipelineServices.AddPipelineServices(services, context.Configuration);

                // Registered before the WebJobs host so resources exist before any listener starts.
                PipelineServices.AddProvisionOnStart(services);
            })
            .ConfigureWebJobs((context, webJobs) =>
            {
                webJobs.UseHostId(HostId);
                var pipelineOptions = context.Configuration.GetSection(PipelineOptions.SectionName).Get<PipelineOptions>() ?? new PipelineOptions();
                webJobs.AddAzureStorage(queues =>
                {
                    queues.BatchSize = 16;
                    queues.NewBatchThreshold = 8;
                    queues.MaxDequeueCount = pipelineOptions.MaxDequeueCount;

                    // The engine's back-off grows to a minute when queues are empty; users watching a local run expect results in
                    // seconds. Within one host the output bindings wake the next stage at once; this bounds the first hop (a
                    // submit from the CLI) and hops between replicas. AzureWebJobs__extensions__queues__maxPollingInterval wins.
                    if (context.Configuration["AzureWebJobs:extensions:queues:maxPollingInterval"] is null)
                    {
                        queues.MaxPollingInterval = TimeSpan.FromSeconds(1);
                    }
                    queues.VisibilityTimeout = TimeSpan.FromSeconds(pipelineOptions.RetryDelaySeconds);
                });
            });
    }
}
