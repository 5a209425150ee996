using Azure.Storage.Queues;
using Pipeline.Cli.Local;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// Queue depths as <c>status</c>, <c>watch</c> and the web dashboard read them, on a private Azurite (the shared
/// fixture's host would take the messages): waiting, in flight (taken by a host and not finished) and poison.
/// </summary>
public sealed class QueueDepthTests
{
    [Fact]
    public async Task ReadQueueDepths_CountingInFlight_TellsTakenMessagesFromWaitingOnes()
    {
        using var azurite = AzuriteInstance.Start();
        var connection = StorageConnection.FromConnectionString(azurite.ConnectionString);
        var names = ResourceNames.Default;
        var monitor = new PipelineMonitor(connection, names, new ActivityLog(connection, names, new SharedPartitionWriter(connection), TimeProvider.System));
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }; // as the engine writes them
        var clean = new QueueClient(azurite.ConnectionString, names.CleanQueue, options);
        var cleanPoison = new QueueClient(azurite.ConnectionString, ResourceNames.PoisonQueueOf(names.CleanQueue), options);
        await clean.CreateAsync();
        await cleanPoison.CreateAsync();
        for (var i = 0; i < 3; i++)
        {
            await clean.SendMessageAsync("m" + i);
        }

        await cleanPoison.SendMessageAsync("gave up");
        // What a host does when it takes a message: it becomes invisible until the function finishes.
        await clean.ReceiveMessagesAsync(1, TimeSpan.FromMinutes(5));

        var counted = await monitor.ReadQueueDepthsAsync(CancellationToken.None, countInFlight: true);
        var plain = await monitor.ReadQueueDepthsAsync(CancellationToken.None);

        var cleanDepth = Assert.Single(counted, d => d.Queue == names.CleanQueue);
        Assert.Equal((3, 1, 1), (cleanDepth.Messages, cleanDepth.InFlight, cleanDepth.Poison));
        var submit = Assert.Single(counted, d => d.Queue == names.SubmitQueue); // never created: nothing waits there
        Assert.Equal((0, 0, 0), (submit.Messages, submit.InFlight, submit.Poison));
        Assert.Equal(names.Queues, plain.Select(d => d.Queue));
        Assert.All(plain, d => Assert.Null(d.InFlight));
        Assert.Equal(3, Assert.Single(plain, d => d.Queue == names.CleanQueue).Messages);
    }
}
