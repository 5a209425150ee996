using System.Text;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Local;
using Pipeline.Core.Articles;
using Pipeline.FunctionApp.Functions;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// The Functions app's classes, called directly (the Functions host cannot run here) against a private Azurite with
/// no host listening: each test plays the host's part, handing a function the message or blob it would get and
/// checking what the function wrote and sent on.
/// </summary>
[Collection(WorkerCollection.Name)]
public sealed class WorkerFunctionTests(WorkerFixture fixture)
{
    [Fact]
    public async Task WorkerFunctions_CarryADroppedArticle_ThroughEveryStage()
    {
        var blob = PipelineFixture.UniqueName(".html");
        var client = fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.ArticlesContainer).GetBlobClient(blob);
        await client.UploadAsync(BinaryData.FromBytes(TestArticles.Html(blob)));

        await fixture.Create<IngestArticle>().RunAsync(client, CancellationToken.None);
        await fixture.Create<CleanArticle>().RunAsync(await fixture.ReceiveAsync(fixture.Names.CleanQueue, blob), CancellationToken.None);
        await fixture.Create<SegmentArticle>().RunAsync(await fixture.ReceiveAsync(fixture.Names.SegmentQueue, blob), CancellationToken.None);
        await fixture.Create<ClassifyArticle>().RunAsync(await fixture.ReceiveAsync(fixture.Names.ClassifyQueue, blob), CancellationToken.None);

        var id = await fixture.BlobIndex.FindArticleIdAsync(blob, CancellationToken.None);
        var record = await fixture.Reader.LoadRecordAsync(id!, CancellationToken.None);
        Assert.NotNull(record);
        Assert.Equal(ArticleStatus.Processed, record.Status);
        Assert.Equal("Harbour authority approves night ferries", record.Title);
        Assert.Contains(record.Sentences, s => s.Text.Contains("night ferries", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SubmitArticle_IngestsTheAnnouncedBlob_AndSendsItToClean()
    {
        var blob = PipelineFixture.UniqueName(".txt");
        var path = Path.Combine(Path.GetTempPath(), blob);
        await File.WriteAllBytesAsync(path, TestArticles.Text(blob));
        try
        {
            // The CLI's path: upload, then a submit message, encoded as the CLI encodes it.
            await fixture.Services.GetRequiredService<ArticleUploader>().UploadAsync(path, blob, submit: true, CancellationToken.None);
        }
        finally
        {
            File.Delete(path);
        }

        await fixture.Create<SubmitArticle>().RunAsync(await fixture.ReceiveAsync(fixture.Names.SubmitQueue, blob), CancellationToken.None);

        var cleanMessage = StageMessage.Parse((await fixture.ReceiveAsync(fixture.Names.CleanQueue, blob)).MessageText);
        Assert.Equal(await fixture.BlobIndex.FindArticleIdAsync(blob, CancellationToken.None), cleanMessage.ArticleId);
        Assert.Equal(ArticleStatus.Pending, (await fixture.Reader.LoadRecordAsync(cleanMessage.ArticleId, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task IngestArticle_BinaryFile_IsRecordedAsFailed_AndNothingIsSentOn()
    {
        var blob = PipelineFixture.UniqueName(".png");
        var client = fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.ArticlesContainer).GetBlobClient(blob);
        await client.UploadAsync(BinaryData.FromBytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, .. Encoding.UTF8.GetBytes(blob)]));

        await fixture.Create<IngestArticle>().RunAsync(client, CancellationToken.None);

        var record = await fixture.Reader.LoadRecordAsync((await fixture.BlobIndex.FindArticleIdAsync(blob, CancellationToken.None))!, CancellationToken.None);
        Assert.Equal(ArticleStatus.Failed, record!.Status);
        Assert.Equal("binary", record.Failure!.Code);
        Assert.Null(await fixture.TryReceiveAsync(fixture.Names.CleanQueue, blob));
    }

    [Fact]
    public async Task ClassifyArticle_OnTheLastAttempt_RecordsTheFailure_AndThrowsForThePoisonQueue()
    {
        var blob = PipelineFixture.UniqueName(".html");
        var articleId = ArticleId.FromContent(Encoding.UTF8.GetBytes(blob));
        var body = new StageMessage { ArticleId = articleId, Blob = blob, PayloadBlob = $"missing/{blob}.json" }.ToJson();
        var lastAttempt = new MessagingOptions().MaxDequeueCount;
        var message = QueuesModelFactory.QueueMessage("id", "receipt", body, lastAttempt);

        await Assert.ThrowsAnyAsync<Exception>(() => fixture.Create<ClassifyArticle>().RunAsync(message, CancellationToken.None));

        var record = await fixture.Reader.LoadRecordAsync(articleId, CancellationToken.None);
        Assert.Equal(ArticleStatus.Failed, record!.Status);
        Assert.Equal("stage-error", record.Failure!.Code);
        Assert.Contains(ResourceNames.PoisonQueueOf(fixture.Names.ClassifyQueue), record.Failure.Reason, StringComparison.Ordinal);
    }
}

/// <summary>A private Azurite and the services the Functions app registers (<see cref="PipelineServices.AddPipelineServices"/>), with no host listening.</summary>
public sealed class WorkerFixture : IAsyncLifetime
{
    internal AzuriteInstance Azurite { get; } = AzuriteInstance.Start();

    public ServiceProvider Services { get; private set; } = null!;

    public StorageConnection Connection => Services.GetRequiredService<StorageConnection>();

    public ResourceNames Names => Services.GetRequiredService<ResourceNames>();

    public ArticleReader Reader => Services.GetRequiredService<ArticleReader>();

    public BlobIndex BlobIndex => Services.GetRequiredService<BlobIndex>();

    public async Task InitializeAsync()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PipelineServices.StorageSetting] = Azurite.ConnectionString })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        PipelineServices.AddPipelineServices(services, configuration);
        Services = services.BuildServiceProvider();
        await Services.GetRequiredService<Provisioner>().EnsureAllAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        await Services.DisposeAsync().ConfigureAwait(false);
        Azurite.Dispose();
    }

    /// <summary>A function class built the way the worker's DI builds it.</summary>
    public T Create<T>()
        where T : class => ActivatorUtilities.CreateInstance<T>(Services);

    /// <summary>Receives (and deletes) the message about <paramref name="blob"/>, as the host would before calling the function.</summary>
    public async Task<QueueMessage> ReceiveAsync(string queue, string blob) =>
        await TryReceiveAsync(queue, blob).ConfigureAwait(false) ?? throw new InvalidOperationException($"No message about {blob} in queue {queue}.");

    public async Task<QueueMessage?> TryReceiveAsync(string queue, string blob)
    {
        // The same encoding the engines use (base64); other tests' messages become visible again after a second.
        var client = Connection.QueueService().GetQueueClient(queue);
        var messages = (await client.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1)).ConfigureAwait(false)).Value;
        var ours = messages.FirstOrDefault(m => m.MessageText.Contains(blob, StringComparison.Ordinal));
        if (ours is not null)
        {
            await client.DeleteMessageAsync(ours.MessageId, ours.PopReceipt).ConfigureAwait(false);
        }

        return ours;
    }
}

[CollectionDefinition(Name)]
public sealed class WorkerCollection : ICollectionFixture<WorkerFixture>
{
    public const string Name = "worker";
}
