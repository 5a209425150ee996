using System.Diagnostics;
using System.Text;
using Azure.Storage.Blobs;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Cli.Commands;
using Pipeline.Cli.Local;
using Pipeline.Core.Articles;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>Nothing lost, nothing stuck: vanished blobs, overwrites, other tools' uploads, interrupted drops, concurrent copies.</summary>
[Collection(PipelineCollection.Name)]
public sealed class ReliabilityTests(PipelineFixture fixture)
{
    [Fact]
    public async Task AnnouncedBlob_DeletedBeforeIngest_GetsOneBlobMissingRecord_AndNoPoison()
    {
        var blob = PipelineFixture.UniqueName(".txt");
        await fixture.Channel.SendRawAsync(fixture.Names.SubmitQueue, new SubmitMessage { Blob = blob }.ToJson(), CancellationToken.None);
        var record = await fixture.WaitForArticleAsync(blob);

        Assert.Equal(ArticleStatus.Failed, record.Status);
        Assert.Equal("blob-missing", record.Failure?.Code);
        Assert.Equal("ingest", record.Failure?.Stage);

        // Announcing it again (replay, reconcile) records nothing new.
        await fixture.Channel.SendRawAsync(fixture.Names.SubmitQueue, new SubmitMessage { Blob = blob }.ToJson(), CancellationToken.None);
        await WaitForQueueEmptyAsync(fixture.Names.SubmitQueue);
        var failures = (await fixture.Reader.ListFailuresAsync(CancellationToken.None)).Where(f => f.Blob == blob).ToList();
        Assert.Single(failures);
        var poisoned = await PoisonedAsync(fixture.Names.SubmitQueue);
        Assert.True(!poisoned.Any(body => body.Contains(blob, StringComparison.Ordinal)), string.Join(" | ", poisoned));
    }

    [Fact]
    public async Task OverwrittenBlob_SupersedesTheOldArticle_AndReprocessNeverReadsNewBytesIntoTheOldId()
    {
        var blob = PipelineFixture.UniqueName(".json");
        await fixture.DropAsync(blob, Unique(0, blob + "-first"));
        var first = await fixture.WaitForArticleAsync(blob);

        await fixture.DropAsync(blob, Unique(2, blob + "-second"));
        var second = await WaitUntilAsync(async () => await fixture.WaitForArticleAsync(blob) is { } r && r.Id != first.Id ? r : null);

        var old = await fixture.Reader.LoadRecordAsync(first.Id, CancellationToken.None);
        Assert.NotNull(old);
        Assert.Equal(second.Id, old.SupersededBy);
        Assert.DoesNotContain(blob, old.Blobs);
        Assert.Contains(blob, second.Blobs);
        Assert.Contains("-first", old.Text, StringComparison.Ordinal); // its own text survives

        // A clean message for the old id (what reprocess used to send) must not read the new bytes into it.
        await fixture.Channel.SendRawAsync(fixture.Names.CleanQueue,
            new StageMessage { ArticleId = first.Id, Blob = blob, ReceivedAt = DateTimeOffset.UtcNow.ToString("O") }.ToJson(), CancellationToken.None);
        var failed = await WaitUntilAsync(async () =>
            await fixture.Reader.LoadRecordAsync(first.Id, CancellationToken.None) is { Failure.Code: "source-changed" } r ? r : null);
        Assert.Equal(second.Id, failed.SupersededBy);
        Assert.Contains("-first", failed.Text, StringComparison.Ordinal);
        Assert.Equal(second.Id, await fixture.BlobIndex.FindArticleIdAsync(blob, CancellationToken.None));
    }

    [Fact]
    public async Task BlobUploadedByAnotherTool_ThatNoTriggerAnnounced_IsFoundByTheSweep()
    {
        var blob = PipelineFixture.UniqueName(".html");
        await fixture.DropRawAsync(blob, Unique(1, blob));
        var record = await fixture.WaitForArticleAsync(blob, sweepAfter: TimeSpan.FromSeconds(20));

        // Make the trigger's work vanish from the index, as if it had missed the blob: the sweep must find it. The sweep
        // runs as another process would, with a blob index of its own: the host's remembers having indexed the blob.
        var index = fixture.Connection.TableService().GetTableClient(fixture.Names.BlobsTable);
        await index.DeleteEntityAsync(TableKeys.Escape(blob), "blob");
        var services = fixture.Service<IServiceProvider>();
        var reconciler = ActivatorUtilities.CreateInstance<BlobReconciler>(services, ActivatorUtilities.CreateInstance<BlobIndex>(services));
        var report = await reconciler.SweepAsync(CancellationToken.None);
        Assert.True(report.Announced >= 1, $"announced {report.Announced} of {report.Checked} checked");

        var entry = await WaitUntilAsync(async () => await fixture.BlobIndex.FindAsync(blob, CancellationToken.None));
        Assert.Equal(record.Id, entry.ArticleId);
        Assert.NotNull(entry.BlobETag);

        // Known at its current version: the next sweep announces nothing for it.
        var again = await reconciler.SweepAsync(CancellationToken.None);
        Assert.Equal(0, again.Announced);
    }

    [Fact]
    public async Task InterruptedDrop_UploadedButNeverAnnounced_IsAnnouncedOnTheNextDrop()
    {
        var blob = PipelineFixture.UniqueName(".json");
        var path = Path.Combine(Path.GetTempPath(), blob);
        await File.WriteAllBytesAsync(path, Unique(0, blob));
        try
        {
            // Hidden from the trigger's scan by racing it is not possible to arrange; the index is what drop consults.
            var uploaded = await fixture.Uploader.UploadAsync(path, blob, submit: false, CancellationToken.None);
            Assert.Equal(UploadResult.Uploaded, uploaded.Outcome);
            var index = fixture.Connection.TableService().GetTableClient(fixture.Names.BlobsTable);
            var record = await fixture.WaitForArticleAsync(blob); // the trigger's scan got it
            await index.DeleteEntityAsync(TableKeys.Escape(blob), "blob"); // as if it had not

            var rerun = await fixture.Uploader.UploadAsync(path, blob, submit: true, CancellationToken.None);
            Assert.Equal(UploadResult.Announced, rerun.Outcome);
            var entry = await WaitUntilAsync(async () => await fixture.BlobIndex.FindAsync(blob, CancellationToken.None));
            Assert.Equal(record.Id, entry.ArticleId);

            var third = await fixture.Uploader.UploadAsync(path, blob, submit: true, CancellationToken.None);
            Assert.Equal(UploadResult.Unchanged, third.Outcome);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task ConcurrentCopiesOfStories_EndInOneClusterPerStory_TheEarliestReceivedMember_AlsoAfterReprocessing()
    {
        const int stories = 3;
        const int copies = 8;
        var run = Guid.NewGuid().ToString("N")[..8];
        var blobs = Enumerable.Range(0, stories).SelectMany(s => Enumerable.Range(0, copies).Select(c => (Story: s, Blob: $"test-{run}-story{s}-copy{c}.json"))).ToList();

        // All at once, in a shuffled order, so later-received copies often finish first.
        await Task.WhenAll(blobs.OrderBy(_ => Random.Shared.Next()).Select(b => fixture.DropAsync(b.Blob, StoryCopies.Json(run, b.Story, b.Blob))));
        var records = await Task.WhenAll(blobs.Select(b => fixture.WaitForArticleAsync(b.Blob, TimeSpan.FromSeconds(120))));

        // A row leaves "pending" when its article is stored, before the classify run has settled the cluster ids of the
        // members it merged (stored ids lag the union-find until then): wait for every run to end, not only to store.
        foreach (var queue in new[] { fixture.Names.SubmitQueue, fixture.Names.CleanQueue, fixture.Names.SegmentQueue, fixture.Names.ClassifyQueue })
        {
            await WaitForQueueEmptyAsync(queue);
        }

        await AssertOneClusterPerStoryAsync("first run", blobs.Select(b => b.Story).ToList(), records.Select(r => r.Id).ToList());

        // Reprocess everything (in a new order) and check again.
        foreach (var record in records.OrderBy(_ => Random.Shared.Next()))
        {
            await fixture.Channel.SendRawAsync(fixture.Names.CleanQueue,
                new StageMessage { ArticleId = record.Id, Blob = record.Blobs[0], ReceivedAt = record.ReceivedAt }.ToJson(), CancellationToken.None);
        }

        await WaitForQueueEmptyAsync(fixture.Names.CleanQueue);
        await WaitForQueueEmptyAsync(fixture.Names.SegmentQueue);
        await WaitForQueueEmptyAsync(fixture.Names.ClassifyQueue);
        await AssertOneClusterPerStoryAsync("after reprocessing", blobs.Select(b => b.Story).ToList(), records.Select(r => r.Id).ToList());

        // Concurrent merges retry on conflicts; none may exhaust its attempts. The blob trigger's own queue counts too: it
        // sees every dropped blob after the submit path has ingested it, and must stop quietly, not fail.
        foreach (var queue in new[] { fixture.Names.SubmitQueue, fixture.Names.CleanQueue, fixture.Names.SegmentQueue, fixture.Names.ClassifyQueue, ResourceNames.BlobTriggerQueue })
        {
            var poisoned = (await PoisonedAsync(queue)).Where(body => body.Contains(run, StringComparison.Ordinal) || records.Any(r => body.Contains(r.Id, StringComparison.Ordinal))).ToList();
            Assert.True(poisoned.Count == 0, queue + ": " + string.Join(" | ", poisoned));
        }
    }

    [Fact]
    public void StoppingAzurite_IsGraceful_AndKeepsEveryConfirmedWrite()
    {
        using var azurite = AzuriteInstance.Start(onDisk: true);
        var container = new BlobContainerClient(azurite.ConnectionString, "keep");
        container.Create();
        for (var i = 0; i < 20; i++)
        {
            container.GetBlobClient($"b{i}.txt").Upload(BinaryData.FromString($"blob {i}"));
        }

        // Right after the writes: Azurite's stores autosave only every 5 s, so a hard kill here loses them.
        Assert.Equal(StopOutcome.Graceful, azurite.Stop(TimeSpan.FromSeconds(30)));
        azurite.Restart();
        Assert.Equal(20, container.GetBlobs().Count());
    }

    /// <summary>
    /// An article of a story nobody else drops (even <paramref name="kind"/>: a crawler record; odd: an HTML page), so
    /// these tests never make another test's article a near-duplicate.
    /// </summary>
    private static byte[] Unique(int kind, string marker) =>
        new ChaosStories(Random.Shared.Next()).Copy(Random.Shared.Next(100_000), kind, marker).Content;

    private async Task AssertOneClusterPerStoryAsync(string phase, IReadOnlyList<int> storyOf, IReadOnlyList<string> ids)
    {
        var rows = new List<(int Story, ArticleSummary Summary)>();
        for (var i = 0; i < ids.Count; i++)
        {
            var summary = await fixture.Reader.GetSummaryAsync(ids[i], CancellationToken.None);
            rows.Add((storyOf[i], summary!));
        }

        foreach (var story in rows.GroupBy(r => r.Story))
        {
            var clusterIds = story.Select(r => r.Summary.ClusterId).Distinct().ToList();

            // The union-find's own answer tells a split index (two representatives) from stored ids that lag behind it.
            var similarity = fixture.Service<SimilarityIndex>();
            var roots = new List<string>();
            foreach (var r in story)
            {
                roots.Add($"{r.Summary.Id} => {await similarity.FindRootAsync(r.Summary.Id, CancellationToken.None)}");
            }

            Assert.True(clusterIds.Count == 1, $"{phase}: story {story.Key}: {clusterIds.Count} cluster ids ({string.Join(", ", clusterIds)}); " +
                string.Join("; ", story.Select(r => $"{r.Summary.Id} {r.Summary.Status} -> {r.Summary.ClusterId} {r.Summary.Failure?.Code} {r.Summary.Failure?.Reason}")) +
                "; representatives in the index: " + string.Join("; ", roots));
            var earliest = story.OrderBy(r => DateTimeOffset.Parse(r.Summary.ReceivedAt!, System.Globalization.CultureInfo.InvariantCulture)).ThenBy(r => r.Summary.Id, StringComparer.Ordinal).First();
            Assert.True(earliest.Summary.Id == clusterIds[0], $"{phase}: story {story.Key}: named {clusterIds[0]}, earliest received is {earliest.Summary.Id}; " +
                string.Join("; ", story.Select(r => $"{r.Summary.Id} received {r.Summary.ReceivedAt}")));
            Assert.Single(story, r => r.Summary.Status == ArticleStatus.Processed);
            Assert.All(story.Where(r => r.Summary.Id != clusterIds[0]), r => Assert.Equal(ArticleStatus.Duplicate, r.Summary.Status));

            var members = await fixture.Reader.ClusterMembersAsync(clusterIds[0]!, int.MaxValue, CancellationToken.None);
            Assert.Equal(story.Select(r => r.Summary.Id).Order(), members.Select(m => m.ArticleId).Order());
        }
    }

    private async Task<IReadOnlyList<string>> PoisonedAsync(string queue)
    {
        var client = fixture.Connection.QueueService().GetQueueClient(ResourceNames.PoisonQueueOf(queue));
        if (!await client.ExistsAsync())
        {
            return [];
        }

        var peeked = await client.PeekMessagesAsync(32);
        return peeked.Value.Select(m => m.Body.ToString()).Select(body =>
        {
            var buffer = new byte[body.Length];
            return Convert.TryFromBase64String(body, buffer, out var written) ? Encoding.UTF8.GetString(buffer, 0, written) : body;
        }).ToList();
    }

    private async Task WaitForQueueEmptyAsync(string queue)
    {
        var client = fixture.Connection.QueueService().GetQueueClient(queue);
        await WaitUntilAsync(async () => (await client.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 ? "empty" : null);
    }

    private static async Task<T> WaitUntilAsync<T>(Func<Task<T?>> probe, int seconds = 60)
        where T : class
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(seconds))
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"Condition not met within {seconds} s.");
    }
}

/// <summary>Copies of a few made-up stories: each copy is the story plus one sentence of its own (syndication with a local line).</summary>
internal static class StoryCopies
{
    private static readonly string[][] Stories =
    [
        [
            "The regional water board voted on Thursday to build a second reservoir north of Aldermoor, ending a dispute that has lasted almost a decade.",
            "Engineers said the new basin would hold enough water for sixty thousand homes through a dry summer.",
            "Farmers whose land lies in the valley will be paid for their fields and offered plots further up the slope.",
            "\"We have waited long enough for a decision, and now the work can begin,\" said Hester Vane, who chairs the board.",
            "Construction is expected to start next spring and to take four years, with most of the cost met by a national grant.",
            "Opponents warned that the dam would flood a medieval chapel and the footpaths that walkers use every weekend.",
        ],
        [
            "A cargo ship carrying wind turbine blades ran aground near the mouth of the Tessel estuary early on Monday, blocking the channel for six hours.",
            "No one was hurt, and the coastguard said there was no sign of fuel leaking from the hull.",
            "Tugs pulled the vessel free on the rising tide shortly after noon, and it was towed to the port for inspection.",
            "\"The crew did everything right once the steering failed,\" said harbour master Joaquim Reis.",
            "Ferries between the two banks were cancelled for the morning, leaving hundreds of commuters to drive the long way round.",
            "Investigators will examine the steering gear and the ship's logs before it is allowed to sail again.",
        ],
        [
            "The city orchestra will tour five countries next year after a private foundation agreed to cover the cost of travel.",
            "It will be the orchestra's first trip abroad since its concert hall closed for repairs three years ago.",
            "Programmes will pair works by local composers with symphonies that audiences know well.",
            "\"Musicians need to be heard beyond their own city, and this gives them that chance,\" said conductor Ilse Marquardt.",
            "Tickets for the opening concert at home go on sale in March, with reduced prices for students.",
            "The foundation said it would also fund music lessons in twelve schools for the next five years.",
        ],
    ];

    public static byte[] Json(string run, int story, string blob)
    {
        var sentences = Stories[story % Stories.Length];
        var text = string.Join("\n\n", sentences.Chunk(2).Select(pair => string.Join(' ', pair)))
            + $"\n\nThis copy was filed for readers of edition {blob} ({run}).";
        var record = new { url = $"https://example.org/{run}/{blob}", title = sentences[0][..40], text };
        return Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(record));
    }
}
