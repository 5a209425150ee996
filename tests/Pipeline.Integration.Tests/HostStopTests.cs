using System.Diagnostics;
using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Pipeline.Cli.Local;
using Pipeline.Functions;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>What stopping the local host does to a function that is running: it finishes, and its message is done.</summary>
public sealed class HostStopTests
{
    [Fact]
    public async Task StopAsync_FunctionRunning_FinishesItInsteadOfCancellingIt()
    {
        using var engine = await EngineWith.StartAsync(typeof(SlowFunction), SlowFunction.QueueName);
        var (queue, host) = (engine.Queue, engine.Host);

        await queue.SendMessageAsync("one slow message");
        await SlowFunction.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("finished", await SlowFunction.Ended.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        // Completed, not handed back to the queue for a retry one dequeue closer to poison.
        Assert.Equal(0, (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount);
    }

    [Fact]
    public async Task StopAsync_FunctionStillRunningAtTheShutdownTimeout_IsCancelledThen()
    {
        using var engine = await EngineWith.StartAsync(typeof(EndlessFunction), EndlessFunction.QueueName, shutdownTimeout: TimeSpan.FromSeconds(2));
        var (queue, host) = (engine.Queue, engine.Host);

        await queue.SendMessageAsync("one message that would take a minute");
        await EndlessFunction.Started.Task.WaitAsync(TimeSpan.FromSeconds(60));
        var stopping = Stopwatch.StartNew();
        await host.StopAsync();

        Assert.Equal("cancelled", await EndlessFunction.Ended.Task.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(30), $"the stop took {stopping.Elapsed}");

        // The engine hands the cancelled message back to its queue for another attempt (visible at once here: the test
        // host has no retry delay). Waiting for it also keeps the host alive until the engine is done with the message:
        // the engine's listener reads its shutdown token after the function returns, and disposing the host before then
        // crashed the test process with an ObjectDisposedException (twice in six runs).
        var handingBack = Stopwatch.StartNew();
        while ((await queue.PeekMessagesAsync()).Value.Length == 0)
        {
            Assert.True(handingBack.Elapsed < TimeSpan.FromSeconds(30), "the cancelled message never went back to its queue");
            await Task.Delay(50);
        }
    }

    /// <summary>A private Azurite, the queue a test function listens to, and the pipeline's engine running just that function.</summary>
    private sealed class EngineWith(AzuriteInstance azurite, QueueClient queue, IHost host) : IDisposable
    {
        public QueueClient Queue => queue;

        public IHost Host => host;

        public static async Task<EngineWith> StartAsync(Type function, string queueName, TimeSpan? shutdownTimeout = null)
        {
            var azurite = AzuriteInstance.Start();
            var queue = new QueueClient(azurite.ConnectionString, queueName, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
            await queue.CreateIfNotExistsAsync();
            var overrides = new Dictionary<string, string?>
            {
                [PipelineServices.StorageSetting] = azurite.ConnectionString,
                [$"{Settings.SectionName}:{nameof(MessagingOptions.RetryDelaySeconds)}"] = "0",
            };
            var host = FunctionsHost.CreateEngineBuilder([], settingsPath: null, overrides, [function], (_, _) => { })
                .ConfigureServices(services =>
                {
                    if (shutdownTimeout is { } timeout)
                    {
                        services.Configure<HostOptions>(o => o.ShutdownTimeout = timeout);
                    }
                })
                .Build();
            await host.StartAsync();
            return new EngineWith(azurite, queue, host);
        }

        public void Dispose()
        {
            host.Dispose();
            azurite.Dispose();
        }
    }
}

/// <summary>A function that would run for a minute, under the grace the pipeline's functions run under.</summary>
public sealed class EndlessFunction(StopGrace grace)
{
    public const string QueueName = "host-stop-endless-test";

    internal static TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal static TaskCompletionSource<string> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [FunctionName(nameof(EndlessFunction))]
    public async Task RunAsync([QueueTrigger(QueueName)] string message, CancellationToken cancellationToken)
    {
        using var run = grace.Link(cancellationToken);
        Started.TrySetResult();
        try
        {
            await Task.Delay(TimeSpan.FromMinutes(1), run.Token);
            Ended.TrySetResult("finished");
        }
        catch (OperationCanceledException)
        {
            Ended.TrySetResult("cancelled");
            throw;
        }
    }
}

/// <summary>A function that takes a second and a half and says whether it got to the end or was cancelled.</summary>
public sealed class SlowFunction
{
    public const string QueueName = "host-stop-test";

    internal static TaskCompletionSource Started { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    internal static TaskCompletionSource<string> Ended { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    [FunctionName(nameof(SlowFunction))]
    public static async Task RunAsync([QueueTrigger(QueueName)] string message, CancellationToken cancellationToken)
    {
        Started.TrySetResult();
        try
        {
            await Task.Delay(TimeSpan.FromSeconds(1.5), cancellationToken);
            Ended.TrySetResult("finished");
        }
        catch (OperationCanceledException)
        {
            Ended.TrySetResult("cancelled");
            throw;
        }
    }
}
