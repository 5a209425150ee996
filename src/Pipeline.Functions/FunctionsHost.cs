using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Functions.Functions;
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
        return CreateEngineBuilder(args, settingsPath, overrides, PipelineFunctions, (context, services) =>
        {
            PipelineServices.AddPipelineServices(services, context.Configuration);

            // Registered before the WebJobs host so resources exist before any listener starts.
            PipelineServices.AddProvisionOnStart(services);
            PipelineServices.AddIndexUpgradeOnStart(services);

            // The safety net under the blob trigger's scan (the Functions app runs it from a timer trigger).
            services.AddHostedService<ReconcileOnTimer>();
        });
    }

    /// <summary>The pipeline's functions: the only types the engine indexes for <see cref="CreateBuilder"/>.</summary>
    public static IReadOnlyList<Type> PipelineFunctions { get; } =
        [typeof(SubmitArticle), typeof(IngestArticle), typeof(CleanArticle), typeof(SegmentArticle), typeof(ClassifyArticle)];

    /// <summary>
    /// The engine as the pipeline configures it (settings sources, logging, host id, queue and blob trigger settings)
    /// around the given function classes. <c>bench pipeline --floor</c> runs trivial stages on it, so the floor and the
    /// pipeline differ only in what the functions do.
    /// </summary>
    /// <param name="args">As for <see cref="CreateBuilder"/>.</param>
    /// <param name="settingsPath">As for <see cref="CreateBuilder"/>.</param>
    /// <param name="overrides">As for <see cref="CreateBuilder"/>.</param>
    /// <param name="functions">The classes whose methods the engine indexes; nothing else is scanned.</param>
    /// <param name="services">Registers what the functions need; runs before the engine's hosted service is added.</param>
    public static IHostBuilder CreateEngineBuilder(string[] args, string? settingsPath, IReadOnlyDictionary<string, string?>? overrides,
        IReadOnlyList<Type> functions, Action<HostBuilderContext, IServiceCollection> services)
    {
        ArgumentNullException.ThrowIfNull(functions);
        return new HostBuilder()
            .ConfigureAppConfiguration(config =>
            {
                config.AddLocalSettings(settingsPath ?? LocalSettings.Locate());
                config.AddEnvironmentVariables();
                config.AddCommandLine(args);

                // Trigger attributes name their queues as %CleanQueue% etc. The values come from the one manifest and win
                // over local.settings.json (which carries them for `func start`): our own clients use the manifest too.
                config.AddInMemoryCollection(PipelineServices.TriggerSettings(ResourceNames.Default).Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
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

                // The 5.x extensions' v12 clients log every expected 404/409 (a receipt not written yet, a container
                // that exists) and every slow response at Warning; failures that matter reach us as exceptions.
                logging.AddFilter("Azure.Core", LogLevel.Error);
            })
            .ConfigureServices(services)
            // Before the engine's own hosted service, so output bindings wake listeners from the first message on.
            .ConfigureServices(s => s.AddHostedService<InHostQueueWake>())
            .ConfigureWebJobs((context, webJobs) =>
            {
                webJobs.UseHostId(HostId);

                // The engine's default locator indexes every loaded assembly that references it; name the classes instead,
                // so a process that also carries other function classes (the benchmark's floor) runs only the ones asked for.
                webJobs.Services.AddSingleton<ITypeLocator>(new FixedTypeLocator(functions));
                var pipelineOptions = context.Configuration.GetSection(Settings.SectionName).Get<MessagingOptions>() ?? new MessagingOptions();
                var engineIntervalSet = context.Configuration["AzureWebJobs:extensions:queues:maxPollingInterval"] is not null;
                webJobs.AddAzureStorageBlobs();
                webJobs.AddAzureStorageQueues(queues =>
                {
                    queues.BatchSize = QueueSettings.BatchSize;
                    queues.NewBatchThreshold = QueueSettings.NewBatchThreshold;
                    queues.MaxDequeueCount = pipelineOptions.MaxDequeueCount;
                    queues.MessageEncoding = QueueMessageEncoding.Base64;

                    // Users watching a local run expect results in seconds, not after the engine's one-minute back-off.
                    // AzureWebJobs__extensions__queues__maxPollingInterval wins.
                    if (!engineIntervalSet)
                    {
                        queues.MaxPollingInterval = QueueSettings.MaxPollingInterval;
                    }
                    queues.VisibilityTimeout = TimeSpan.FromSeconds(pipelineOptions.RetryDelaySeconds);
                });

                // After AddAzureStorageQueues, so this factory is the one the engine resolves. A user who set the engine's
                // interval keeps it for the stage queues.
                var stageQueues = new HashSet<string>(StringComparer.Ordinal)
                {
                    context.Configuration["CleanQueue"] ?? ResourceNames.Default.CleanQueue,
                    context.Configuration["SegmentQueue"] ?? ResourceNames.Default.SegmentQueue,
                    context.Configuration["ClassifyQueue"] ?? ResourceNames.Default.ClassifyQueue,
                };
                webJobs.Services.AddSingleton<IQueueProcessorFactory>(provider => new QueuePollingFactory(
                    context.Configuration["SubmitQueue"] ?? ResourceNames.Default.SubmitQueue, TimeSpan.FromMilliseconds(pipelineOptions.SubmitPollingMilliseconds),
                    stageQueues, engineIntervalSet ? null : TimeSpan.FromMilliseconds(pipelineOptions.StagePollingMilliseconds),
                    () => InHostQueueWake.IsConnected(provider)));
            })
            // After the engine's hosted service, so it stops first: running functions finish instead of being cancelled.
            .ConfigureServices(s =>
            {
                s.AddSingleton<StopGrace>();
                s.AddHostedService<DrainOnStop>();
            });
    }
}
