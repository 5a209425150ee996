using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;
using Pipeline.Cli.Local;
using Pipeline.Functions;
using Pipeline.Processing;
using Pipeline.Storage;
using WebJobs = Microsoft.Azure.WebJobs;

namespace Pipeline.Integration.Tests;

/// <summary>
/// One pipeline, two hosts: the Functions app's generated functions.metadata (from its build output), the local WebJobs
/// host's trigger attributes, the manifest (infra/local/resources.json), host.json, the Bicep and the settings sample
/// must name the same functions, queues, containers and queue options. Each test fails when one of them drifts.
/// </summary>
public sealed partial class FunctionContractTests
{
    private static readonly string Root = RepoPaths.FindRoot() ?? throw new InvalidOperationException("Run the tests inside the repository.");

    private static readonly string FunctionAppOutput = Path.Combine(AppContext.BaseDirectory, "FunctionApp");

    private static IReadOnlyDictionary<string, string> Settings => PipelineServices.TriggerSettings(ResourceNames.Default);

    [Fact]
    public void WorkerMetadata_DeclaresTheEventGridBlobTrigger_AndTheManifestQueues()
    {
        var worker = WorkerTriggers();

        var ingest = Assert.Single(worker, t => t.Type == "blobTrigger");
        Assert.Equal("IngestArticle", ingest.Function);
        Assert.Equal("EventGrid", ingest.Source);
        Assert.Equal($"{ResourceNames.Default.ArticlesContainer}/{{name}}", Resolve(ingest.Target));

        var queues = worker.Where(t => t.Type == "queueTrigger").Select(t => Resolve(t.Target)).Order(StringComparer.Ordinal);
        Assert.Equal(ResourceNames.Default.Queues.Order(StringComparer.Ordinal), queues);
        Assert.All(worker, t => Assert.Equal(PipelineServices.StorageSetting, t.Connection));
    }

    [Fact]
    public void WorkerMetadata_AndLocalHost_NameTheSameFunctionsAndTriggers()
    {
        var worker = WorkerTriggers().Select(t => (t.Function, t.Type, t.Target)).OrderBy(t => t.Function, StringComparer.Ordinal);
        var local = LocalTriggers().OrderBy(t => t.Function, StringComparer.Ordinal);

        Assert.Equal(local, worker);
    }

    [Fact]
    public void HostJson_QueueOptions_MatchTheLocalHostAndThePipelineDefaults()
    {
        using var hostJson = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionAppOutput, "host.json")));
        var queues = hostJson.RootElement.GetProperty("extensions").GetProperty("queues");
        var defaults = new MessagingOptions();

        Assert.Equal(QueueSettings.BatchSize, queues.GetProperty("batchSize").GetInt32());
        Assert.Equal(QueueSettings.NewBatchThreshold, queues.GetProperty("newBatchThreshold").GetInt32());
        Assert.Equal(QueueSettings.MaxPollingInterval, TimeSpan.Parse(queues.GetProperty("maxPollingInterval").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(QueueSettings.MessageEncoding, queues.GetProperty("messageEncoding").GetString());

        // The stage handlers record a failure on the attempt they believe is the last: the engine must agree.
        Assert.Equal(defaults.MaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal(TimeSpan.FromSeconds(defaults.RetryDelaySeconds), TimeSpan.Parse(queues.GetProperty("visibilityTimeout").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void SubmitQueue_GetsItsOwnPollingInterval_AndNoOtherQueueIsTouched()
    {
        var engine = new WebJobs.Host.QueuesOptions { MaxPollingInterval = TimeSpan.FromSeconds(1) };
        var factory = new QueuePollingFactory(ResourceNames.Default.SubmitQueue, TimeSpan.FromMilliseconds(250), new HashSet<string>(), null, () => true);

        var submit = ProcessorOptions(ResourceNames.Default.SubmitQueue, engine);
        var clean = ProcessorOptions(ResourceNames.Default.CleanQueue, engine);
        Assert.NotNull(factory.Create(submit));
        Assert.NotNull(factory.Create(clean));

        Assert.Equal(TimeSpan.FromMilliseconds(250), submit.Options.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), clean.Options.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), engine.MaxPollingInterval); // each queue's processor works on its own copy

        // Never longer than the engine's interval: a host configured to poll faster keeps that.
        var fast = new WebJobs.Host.QueuesOptions { MaxPollingInterval = TimeSpan.FromMilliseconds(150) };
        var fastSubmit = ProcessorOptions(ResourceNames.Default.SubmitQueue, fast);
        factory.Create(fastSubmit);
        Assert.Equal(TimeSpan.FromMilliseconds(150), fastSubmit.Options.MaxPollingInterval);
    }

    [Fact]
    public void StageQueues_PollLessOften_OnlyWhileTheHostsOwnMessagesWakeThem()
    {
        var engine = new WebJobs.Host.QueuesOptions { MaxPollingInterval = TimeSpan.FromSeconds(1) };
        var stages = new HashSet<string> { ResourceNames.Default.CleanQueue, ResourceNames.Default.SegmentQueue, ResourceNames.Default.ClassifyQueue };
        var connected = true;
        var factory = new QueuePollingFactory(ResourceNames.Default.SubmitQueue, TimeSpan.FromMilliseconds(250), stages, TimeSpan.FromSeconds(5), () => connected);

        var clean = ProcessorOptions(ResourceNames.Default.CleanQueue, engine);
        var submit = ProcessorOptions(ResourceNames.Default.SubmitQueue, engine);
        var other = ProcessorOptions("azure-webjobs-blobtrigger-news-pipeline", engine);
        factory.Create(clean);
        factory.Create(submit);
        factory.Create(other);
        Assert.Equal(TimeSpan.FromSeconds(5), clean.Options.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromMilliseconds(250), submit.Options.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(1), other.Options.MaxPollingInterval); // the blob trigger's own queue is fed by its scan

        // Without the wake-up every hop would wait for these polls: the engine's interval stays.
        connected = false;
        var segment = ProcessorOptions(ResourceNames.Default.SegmentQueue, engine);
        factory.Create(segment);
        Assert.Equal(TimeSpan.FromSeconds(1), segment.Options.MaxPollingInterval);
    }

    /// <summary>The engine's per-queue options as its listener factory makes them (the constructor is internal to the engine).</summary>
    private static WebJobs.Host.Queues.QueueProcessorOptions ProcessorOptions(string queue, WebJobs.Host.QueuesOptions engine)
    {
        var constructor = typeof(WebJobs.Host.Queues.QueueProcessorOptions).GetConstructors(BindingFlags.NonPublic | BindingFlags.Instance).Single();
        return (WebJobs.Host.Queues.QueueProcessorOptions)constructor.Invoke([new Azure.Storage.Queues.QueueClient("UseDevelopmentStorage=true", queue), null, engine, null]);
    }

    [Fact]
    public void SettingsSample_SuppliesEveryTriggerSetting_ForFuncStart()
    {
        using var sample = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "local.settings.sample.json")));
        var values = sample.RootElement.GetProperty("Values");

        Assert.Equal("dotnet-isolated", values.GetProperty("FUNCTIONS_WORKER_RUNTIME").GetString());
        foreach (var setting in WorkerTriggers().Select(t => SettingOf(t.Target)))
        {
            Assert.Equal(Settings[setting], values.GetProperty(setting).GetString());
        }

        var defaults = new MessagingOptions();
        Assert.Equal(defaults.MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture), values.GetProperty("Pipeline__MaxDequeueCount").GetString());
        Assert.Equal(defaults.RetryDelaySeconds.ToString(System.Globalization.CultureInfo.InvariantCulture), values.GetProperty("Pipeline__RetryDelaySeconds").GetString());
    }

    [Fact]
    public void Bicep_SetsEveryTriggerSetting_FromTheManifest()
    {
        var main = File.ReadAllText(Path.Combine(Root, "infra", "main.bicep"));
        using var manifest = JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "infra", "local", "resources.json")));

        foreach (var setting in WorkerTriggers().Select(t => SettingOf(t.Target)).Distinct())
        {
            var match = Regex.Match(main, $@"^\s*{setting}: names\.(?<group>\w+)\.(?<key>\w+)\s*$", RegexOptions.Multiline);
            Assert.True(match.Success, $"infra/main.bicep does not set the app setting {setting} from the manifest.");
            var value = manifest.RootElement.GetProperty(match.Groups["group"].Value).GetProperty(match.Groups["key"].Value).GetString();
            Assert.Equal(Settings[setting], value);
        }
    }

    private static string SettingOf(string target) => SettingPattern().Match(target).Groups[1].Value;

    private static string Resolve(string target) => SettingPattern().Replace(target, m => Settings[m.Groups[1].Value]);

    [GeneratedRegex("%([A-Za-z]+)%")]
    private static partial Regex SettingPattern();

    [Fact]
    public void FunctionApp_RunsTheReconciliationSweepOnATimer()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionAppOutput, "functions.metadata")));
        var sweep = Assert.Single(metadata.RootElement.EnumerateArray(), f => f.GetProperty("name").GetString() == "ReconcileArticles");
        var trigger = Assert.Single(sweep.GetProperty("bindings").EnumerateArray());
        Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(Pipeline.FunctionApp.Functions.ReconcileArticles.Schedule, trigger.GetProperty("schedule").GetString());
    }

    private sealed record WorkerTrigger(string Function, string Type, string Target, string? Source, string? Connection);

    private static List<WorkerTrigger> WorkerTriggers()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(FunctionAppOutput, "functions.metadata")));
        var triggers = new List<WorkerTrigger>();
        foreach (var function in metadata.RootElement.EnumerateArray())
        {
            if (function.GetProperty("name").GetString() == nameof(Pipeline.FunctionApp.Functions.ReconcileArticles))
            {
                continue; // the timer-triggered sweep has no queue or container; its own test checks it
            }

            var trigger = Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            var type = trigger.GetProperty("type").GetString()!;
            triggers.Add(new WorkerTrigger(
                function.GetProperty("name").GetString()!,
                type,
                trigger.GetProperty(type == "blobTrigger" ? "path" : "queueName").GetString()!,
                trigger.TryGetProperty("source", out var source) ? source.GetString() : null,
                trigger.TryGetProperty("connection", out var connection) ? connection.GetString() : null));
        }

        Assert.Equal(5, triggers.Count);
        return triggers;
    }

    private static List<(string Function, string Type, string Target)> LocalTriggers() =>
        typeof(FunctionsHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .Select(m => (Name: m.GetCustomAttribute<WebJobs.FunctionNameAttribute>()?.Name, Parameters: m.GetParameters()))
            .Where(m => m.Name is not null)
            .Select(m =>
            {
                var parameter = Assert.Single(m.Parameters, p => p.GetCustomAttribute<WebJobs.QueueTriggerAttribute>() is not null || p.GetCustomAttribute<WebJobs.BlobTriggerAttribute>() is not null);
                return parameter.GetCustomAttribute<WebJobs.QueueTriggerAttribute>() is { } queue
                    ? (m.Name!, "queueTrigger", queue.QueueName)
                    : (m.Name!, "blobTrigger", parameter.GetCustomAttribute<WebJobs.BlobTriggerAttribute>()!.BlobPath);
            })
            .ToList();
}
