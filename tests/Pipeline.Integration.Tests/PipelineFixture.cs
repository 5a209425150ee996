using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using Pipeline.Cli.Local;
using Pipeline.Core.Articles;
using Pipeline.Functions;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// A private Azurite (in memory, free ports) plus the real functions host, in this process, configured as users configure it (settings overrides).
/// Limits are lowered so the failure paths run in seconds: a 256 KiB size limit, 2 attempts before poison, 1 s retry delay.
/// </summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    public const long MaxArticleBytes = 256 * 1024;
    public const int MaxDequeueCount = 2;

    private IHost? host;

    internal AzuriteInstance Azurite { get; } = AzuriteInstance.Start();

    public StorageConnection Connection { get; private set; } = null!;

    public ResourceNames Names => ResourceNames.Default;

    public ArticleRows Rows { get; private set; } = null!;

    public ArticleReader Reader { get; private set; } = null!;

    public BlobIndex BlobIndex { get; private set; } = null!;

    public ArticleUploader Uploader { get; private set; } = null!;

    public StageChannel Channel { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Connection = StorageConnection.FromConnectionString(Azurite.ConnectionString);
        var options = new MessagingOptions { MaxDequeueCount = MaxDequeueCount, RetryDelaySeconds = 1 };
        Rows = new ArticleRows(Connection, Names, TimeProvider.System);
        Reader = new ArticleReader(Connection, Names, Rows, TimeProvider.System);
        BlobIndex = new BlobIndex(Connection, Names, Rows);
        Channel = new StageChannel(Connection, Names, options);
        Uploader = new ArticleUploader(Connection, Names, Channel, BlobIndex);

        host = FunctionsHost.CreateBuilder([], settingsPath: null, overrides: new Dictionary<string, string?>
        {
            [PipelineServices.StorageSetting] = Azurite.ConnectionString,
            ["Pipeline:MaxArticleBytes"] = MaxArticleBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pipeline:MaxDequeueCount"] = MaxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Pipeline:RetryDelaySeconds"] = "1",
            ["Pipeline:ModelRefreshSeconds"] = "1",

            // Tests run the reconciliation sweep themselves (Service<BlobReconciler>()), on blobs of any age.
            ["Pipeline:ReconcileIntervalSeconds"] = "0",
            ["Pipeline:ReconcileGraceSeconds"] = "0",
        }).Build();
        await host.StartAsync().ConfigureAwait(false);
    }

    /// <summary>A service of the running host (the same instances its functions use).</summary>
    public T Service<T>()
        where T : notnull => (T)(host ?? throw new InvalidOperationException("The host has not started.")).Services.GetService(typeof(T))!;

    public async Task DisposeAsync()
    {
        if (host is not null)
        {
            await host.StopAsync().ConfigureAwait(false);
            host.Dispose();
        }

        Azurite.Dispose();
    }

    /// <summary>Uploads bytes straight into the articles container, as Storage Explorer or az would (no submit message).</summary>
    public async Task DropRawAsync(string blobName, byte[] content)
    {
        var container = Connection.BlobService().GetBlobContainerClient(Names.ArticlesContainer);
        await container.GetBlobClient(blobName).UploadAsync(BinaryData.FromBytes(content), overwrite: true).ConfigureAwait(false);
    }

    /// <summary>Uploads through the CLI's path (upload, then a submit message).</summary>
    public async Task DropAsync(string blobName, byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"pipeline-test-{Guid.NewGuid():N}{Path.GetExtension(blobName)}");
        await File.WriteAllBytesAsync(path, content).ConfigureAwait(false);
        try
        {
            await Uploader.UploadAsync(path, blobName, submit: true, CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Polls (no sleeping blindly) until the blob's article leaves "pending", or fails the test after the timeout.</summary>
    /// <param name="blobName">The dropped blob.</param>
    /// <param name="timeout">How long to wait in all (60 s).</param>
    /// <param name="sweepAfter">
    /// For a blob only the blob trigger can find (uploaded without a submit message): run the reconcile sweep once after
    /// this long, as the host's timer would (the fixture turns the timer off so that tests run sweeps themselves). The
    /// engine's container scan can skip a blob uploaded while it lists (Azure/azure-sdk-for-net#62763; a test failed on
    /// it in one of four full test runs on 2026-12-02); the sweep is the product's answer to that, so a test of the
    /// whole path waits for both.
    /// </param>
    public async Task<ArticleRecord> WaitForArticleAsync(string blobName, TimeSpan? timeout = null, TimeSpan? sweepAfter = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        var clock = Stopwatch.StartNew();
        var swept = sweepAfter is null;
        while (clock.Elapsed < limit)
        {
            if (!swept && clock.Elapsed >= sweepAfter)
            {
                swept = true;
                await Service<BlobReconciler>().SweepAsync(CancellationToken.None).ConfigureAwait(false);
            }

            if (await BlobIndex.FindArticleIdAsync(blobName, CancellationToken.None).ConfigureAwait(false) is { } id
                && await Reader.LoadRecordAsync(id, CancellationToken.None).ConfigureAwait(false) is { } record
                && record.Status != ArticleStatus.Pending)
            {
                return record;
            }

            await Task.Delay(200).ConfigureAwait(false);
        }

        throw new TimeoutException($"Blob {blobName} produced no finished article within {limit.TotalSeconds} s.");
    }

    /// <summary>Unique names per test, so tests sharing one Azurite never see each other's data.</summary>
    public static string UniqueName(string extension) => $"test-{Guid.NewGuid():N}{extension}";
}

[CollectionDefinition(Name)]
public sealed class PipelineCollection : ICollectionFixture<PipelineFixture>
{
    public const string Name = "pipeline";
}
