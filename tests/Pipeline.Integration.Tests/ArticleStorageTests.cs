using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Pipeline.Core.Articles;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// The storage classes on their own, on the fixture's Azurite: the article row's update-with-retry helper under real
/// conflicts, and the typed read side over rows the write side produced. Every test uses ids and names of its own.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class ArticleStorageTests(PipelineFixture fixture)
{
    [Fact]
    public async Task UpdateWithRetry_TwoUpdatesFromTheSameRead_BothLand()
    {
        var id = NewArticleId();
        await fixture.Rows.RegisterAsync(id, "first.txt", DateTimeOffset.UtcNow, IngestRoutes.Submit, (_, _) => Task.CompletedTask, CancellationToken.None);

        // Both changes wait until both have read the row, so they write over the same version: one must get a 412 and re-apply.
        var bothRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var firstReads = 0;
        var attempts = new int[2];
        Func<TableEntity?, ValueTask<TableEntity?>> Setting(int writer, string column) => async row =>
        {
            if (Interlocked.Increment(ref attempts[writer]) == 1 && Interlocked.Increment(ref firstReads) == 2)
            {
                bothRead.SetResult();
            }

            await bothRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
            row![column] = "set";
            return row;
        };

        await Task.WhenAll(
            fixture.Rows.UpdateWithRetryAsync(id, Setting(0, "MarkA"), CancellationToken.None),
            fixture.Rows.UpdateWithRetryAsync(id, Setting(1, "MarkB"), CancellationToken.None));

        var row = await fixture.Rows.GetAsync(id, CancellationToken.None);
        Assert.Equal("set", row!.GetString("MarkA"));
        Assert.Equal("set", row.GetString("MarkB"));
        Assert.Equal(3, attempts.Sum()); // exactly one conflict, re-read and re-applied
        Assert.Equal(["first.txt"], ArticleRows.ToSummary(row).Blobs);
    }

    [Fact]
    public async Task UpdateWithRetry_NothingToWrite_WritesNothing()
    {
        var id = NewArticleId();
        await fixture.Rows.RegisterAsync(id, "only.txt", DateTimeOffset.UtcNow, IngestRoutes.Submit, (_, _) => Task.CompletedTask, CancellationToken.None);
        var before = await fixture.Rows.GetAsync(id, CancellationToken.None);

        var written = await fixture.Rows.UpdateWithRetryAsync(id, _ => null, CancellationToken.None);

        Assert.Null(written);
        Assert.Equal(before!.ETag, (await fixture.Rows.GetAsync(id, CancellationToken.None))!.ETag);
    }

    [Fact]
    public async Task Register_OneContentUnderManyNamesAtOnce_CreatesOnceEnqueuesOnceAndKeepsEveryName()
    {
        var id = NewArticleId();
        var names = Enumerable.Range(0, 8).Select(i => $"copy-{i}.txt").ToList();
        var enqueued = 0;

        var registrations = await Task.WhenAll(names.Select(name => fixture.Rows.RegisterAsync(
            id, name, DateTimeOffset.UtcNow, IngestRoutes.Submit, (_, _) => { Interlocked.Increment(ref enqueued); return Task.CompletedTask; }, CancellationToken.None)));

        var created = Assert.Single(registrations, r => r.IsNew);
        Assert.NotNull(created.RowVersion);
        Assert.Equal(1, enqueued); // only the registration that created the row starts a run
        var summary = await fixture.Reader.GetSummaryAsync(id, CancellationToken.None);
        Assert.Equal(names.Order(StringComparer.Ordinal), summary!.Blobs.Order(StringComparer.Ordinal));
        Assert.Equal(ArticleStatus.Pending, summary.Status);
    }

    [Fact]
    public async Task Register_RetriedAfterACrashBeforeTheEnqueue_EnqueuesWithTheRowsReceiveTime()
    {
        var id = NewArticleId();
        var first = DateTimeOffset.UtcNow.AddMinutes(-1);
        await Assert.ThrowsAsync<IOException>(() => fixture.Rows.RegisterAsync(
            id, "crash.txt", first, IngestRoutes.Submit, (_, _) => throw new IOException("the process died here"), CancellationToken.None));

        DateTimeOffset? enqueuedWith = null;
        var retry = await fixture.Rows.RegisterAsync(id, "crash.txt", DateTimeOffset.UtcNow, IngestRoutes.Submit, (at, _) => { enqueuedWith = at; return Task.CompletedTask; }, CancellationToken.None);

        Assert.False(retry.IsNew);
        Assert.Equal(first, enqueuedWith); // the run carries the receive time the row holds, not the retry's
    }

    [Fact]
    public async Task RegisterBlob_TheOtherRouteMomentsLater_LeavesTheRunToTheRegistrant_AndTheIndexToo()
    {
        var writer = fixture.Service<ArticleWriter>();
        var id = NewArticleId();
        var blob = PipelineFixture.UniqueName(".txt");
        var enqueued = new List<string>();
        Func<DateTimeOffset, string?, Task> Enqueue(string route) => (_, _) => { lock (enqueued) { enqueued.Add(route); } return Task.CompletedTask; };

        // The submit message registers the new blob; the blob trigger sees the same version before the index says so.
        var first = await writer.RegisterBlobAsync(id, blob, "\"v1\"", DateTimeOffset.UtcNow, indexed: null, IngestRoutes.Submit, Enqueue("submit"), CancellationToken.None);
        var second = await writer.RegisterBlobAsync(id, blob, "\"v1\"", DateTimeOffset.UtcNow, new BlobIndexRead(null), IngestRoutes.BlobTrigger, Enqueue("trigger"), CancellationToken.None);

        Assert.True(first.IsNew);
        Assert.Equal(IngestRoutes.Submit, second.LeftTo);
        Assert.Equal(["submit"], enqueued); // one run, not two
        Assert.Equal(id, (await fixture.BlobIndex.FindAsync(blob, CancellationToken.None))?.ArticleId);

        // A retry of the registrant's own route still enqueues: it cannot tell whether its first attempt got that far.
        var retry = await writer.RegisterBlobAsync(id, blob, "\"v1\"", DateTimeOffset.UtcNow, indexed: null, IngestRoutes.Submit, Enqueue("submit retry"), CancellationToken.None);
        Assert.Null(retry.LeftTo);
        Assert.Equal(["submit", "submit retry"], enqueued);
    }

    [Fact]
    public async Task TwoVersionsOfOneNameIngestedAtOnce_TheOlderClaimingLast_LeavesTheIndexAtTheNewer()
    {
        // Both ingests read the index before either claimed it (each assumes a new name); the newer version's claim lands
        // first. The older one's must not take the name back: the blob holds the newer version.
        async Task<(string Blob, string Older, string Newer, string OlderId, string NewerId)> TwoVersionsAsync(string olderText, string newerText)
        {
            var blob = PipelineFixture.UniqueName(".txt");
            var client = fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.ArticlesContainer).GetBlobClient(blob);
            var older = (await client.UploadAsync(BinaryData.FromString(olderText))).Value.ETag.ToString();
            var newer = (await client.UploadAsync(BinaryData.FromString(newerText), overwrite: true)).Value.ETag.ToString();
            var (olderId, newerId) = (NewArticleId(), NewArticleId());
            foreach (var id in new[] { olderId, newerId })
            {
                await fixture.Rows.RegisterAsync(id, blob, DateTimeOffset.UtcNow, IngestRoutes.BlobTrigger, (_, _) => Task.CompletedTask, CancellationToken.None);
            }

            return (blob, older, newer, olderId, newerId);
        }

        var (blob, older, newer, olderId, newerId) = await TwoVersionsAsync("First version of the story.", "Second version of the story, corrected.");
        var index = new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows);
        await index.ClaimAsync(blob, newerId, newer, indexed: null, CancellationToken.None);
        await index.ClaimAsync(blob, olderId, older, indexed: null, CancellationToken.None);

        var entry = await new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows).FindAsync(blob, CancellationToken.None);
        Assert.Equal(newerId, entry?.ArticleId);
        Assert.True(entry!.IsVersion(newer));
        Assert.Equal([blob], (await fixture.Reader.GetSummaryAsync(newerId, CancellationToken.None))!.Blobs);
        Assert.Empty((await fixture.Reader.GetSummaryAsync(olderId, CancellationToken.None))!.Blobs); // gave the name up, as an overwritten version does

        // In the other order the newer claim replaces the older one, as for any overwrite.
        var (blob2, first, second, firstId, secondId) = await TwoVersionsAsync("One.", "Two.");
        await index.ClaimAsync(blob2, firstId, first, indexed: null, CancellationToken.None);
        await index.ClaimAsync(blob2, secondId, second, indexed: null, CancellationToken.None);
        Assert.Equal(secondId, (await new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows).FindAsync(blob2, CancellationToken.None))?.ArticleId);
        Assert.Empty((await fixture.Reader.GetSummaryAsync(firstId, CancellationToken.None))!.Blobs);
    }

    [Fact]
    public async Task RegisterBlob_RegistrantCrashedBeforeItsEnqueue_NothingIsStranded()
    {
        var writer = fixture.Service<ArticleWriter>();
        var blob = PipelineFixture.UniqueName(".txt");

        // Recently: the other route stops without claiming the index, so the registrant's retry is not told "unchanged".
        var recent = NewArticleId();
        await Assert.ThrowsAsync<IOException>(() => writer.RegisterBlobAsync(recent, blob, "\"v1\"", DateTimeOffset.UtcNow, indexed: null, IngestRoutes.BlobTrigger,
            (_, _) => throw new IOException("the process died here"), CancellationToken.None));
        var other = await writer.RegisterBlobAsync(recent, blob, "\"v1\"", DateTimeOffset.UtcNow, indexed: null, IngestRoutes.Submit, (_, _) => Task.CompletedTask, CancellationToken.None);
        Assert.Equal(IngestRoutes.BlobTrigger, other.LeftTo);
        Assert.Null(await fixture.BlobIndex.FindAsync(blob, CancellationToken.None));

        // Long ago (the registrant never came back): the next announcement of the blob enqueues the run.
        var old = NewArticleId();
        var oldBlob = PipelineFixture.UniqueName(".txt");
        var receivedLongAgo = DateTimeOffset.UtcNow.AddMinutes(-5);
        await Assert.ThrowsAsync<IOException>(() => writer.RegisterBlobAsync(old, oldBlob, "\"v1\"", receivedLongAgo, indexed: null, IngestRoutes.BlobTrigger,
            (_, _) => throw new IOException("the process died here"), CancellationToken.None));
        DateTimeOffset? enqueuedWith = null;
        var sweep = await writer.RegisterBlobAsync(old, oldBlob, "\"v1\"", DateTimeOffset.UtcNow, indexed: null, IngestRoutes.Submit,
            (at, _) => { enqueuedWith = at; return Task.CompletedTask; }, CancellationToken.None);
        Assert.Null(sweep.LeftTo);
        Assert.Equal(receivedLongAgo, enqueuedWith);
        Assert.Equal(old, (await fixture.BlobIndex.FindAsync(oldBlob, CancellationToken.None))?.ArticleId);
    }

    [Fact]
    public async Task SaveProcessed_OverTheRegisteredVersion_ReadsAgainWhenTheRowChanged_AndKeepsTheNewName()
    {
        var writer = fixture.Service<ArticleWriter>();
        var id = NewArticleId();
        var receivedAt = DateTimeOffset.UtcNow.AddSeconds(-2);
        var registration = await fixture.Rows.RegisterAsync(id, "harbour.html", receivedAt, IngestRoutes.Submit, (_, _) => Task.CompletedTask, CancellationToken.None);
        await fixture.Rows.RegisterAsync(id, "harbour-copy.html", DateTimeOffset.UtcNow, IngestRoutes.Submit, (_, _) => Task.CompletedTask, CancellationToken.None);

        var record = SampleRecord(id, $"Speaker {Guid.NewGuid():N}", $"topic {Guid.NewGuid():N}");
        await writer.SaveProcessedAsync(record, receivedAt, receivedAt.AddSeconds(1), registration.RowVersion, CancellationToken.None);

        var summary = await fixture.Reader.GetSummaryAsync(id, CancellationToken.None);
        Assert.Equal(ArticleStatus.Processed, summary!.Status);
        Assert.Equal(["harbour-copy.html", "harbour.html"], summary.Blobs.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Reader_ReturnsTypedRows_ForWhatTheWriterSaved()
    {
        var writer = fixture.Service<ArticleWriter>();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var speaker = $"Ingrid Dahl {marker}";
        var label = $"harbours {marker}";
        var record = SampleRecord(NewArticleId(), speaker, label);
        var receivedAt = DateTimeOffset.UtcNow.AddSeconds(-2);

        await writer.SaveProcessedAsync(record, receivedAt, receivedAt.AddSeconds(1), registeredVersion: null, CancellationToken.None);

        var sentences = await fixture.Reader.SentencesAsync(record.Id, 100, CancellationToken.None);
        Assert.Equal(
            record.Sentences.Select(s => new SentenceRow(record.Id, s.Index, s.Start, s.End, s.Paragraph, s.Role, s.Speaker, s.Text)),
            sentences);

        var quote = Assert.Single(await fixture.Reader.QuotesBySpeakerAsync(speaker.ToUpperInvariant().Replace(" ", "  ", StringComparison.Ordinal), 10, CancellationToken.None));
        Assert.Equal(new QuoteRow(record.Id, speaker, "the authority's chair", record.Quotes[0].Text, record.Title, record.Published), quote);

        var mention = Assert.Single(await fixture.Reader.MentionsAsync("person", speaker, 10, CancellationToken.None));
        Assert.Equal(new MentionRow(record.Id, speaker, "person", "chair", 2, record.Title, record.Published), mention);

        var topic = Assert.Single(await fixture.Reader.TopicArticlesAsync(label, 10, CancellationToken.None));
        Assert.Equal(new TopicArticleRow(record.Id, label, 0.75, record.Title, record.Published), topic);

        var member = Assert.Single(await fixture.Reader.ClusterMembersAsync(record.Id, 10, CancellationToken.None));
        Assert.Equal(new ClusterMemberRow(record.Id, 1.0, record.Title, record.Outlet, record.Published), member);

        var summary = await fixture.Reader.GetSummaryAsync(record.Id, CancellationToken.None);
        Assert.Equal((ArticleStatus.Processed, 2, 1, 1, (double?)1000.0), (summary!.Status, summary.SentenceCount, summary.QuoteCount, summary.EntityCount, summary.LatencyMs));

        var activity = await fixture.Service<ActivityLog>().SinceAsync(DateTimeOffset.UtcNow, receivedAt, 5_000, CancellationToken.None);
        var line = Assert.Single(activity, a => a.ArticleId == record.Id);
        Assert.Equal((ArticleStatus.Processed, "harbour.html", record.Title!), (line.Status, line.Blob, line.Detail));
    }

    [Fact]
    public async Task Reader_ListsAFailure_AndAProcessedRunRemovesIt()
    {
        var writer = fixture.Service<ArticleWriter>();
        var record = SampleRecord(NewArticleId(), $"Speaker {Guid.NewGuid():N}", $"topic {Guid.NewGuid():N}");
        var failure = new FailureRecord("segment", "too-complex", "Segmenting took longer than its budget.");

        await writer.SaveFailureAsync(record.Id, "harbour.html", failure, DateTimeOffset.UtcNow, blobETag: null, CancellationToken.None);

        var row = Assert.Single(await fixture.Reader.ListFailuresAsync(CancellationToken.None), f => f.ArticleId == record.Id);
        Assert.Equal(("harbour.html", failure), (row.Blob, row.Failure));
        Assert.NotNull(row.At);
        Assert.Equal(failure, (await fixture.Reader.GetSummaryAsync(record.Id, CancellationToken.None))!.Failure);

        await writer.SaveProcessedAsync(record, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, registeredVersion: null, CancellationToken.None);

        Assert.DoesNotContain(await fixture.Reader.ListFailuresAsync(CancellationToken.None), f => f.ArticleId == record.Id);
        Assert.Null((await fixture.Reader.GetSummaryAsync(record.Id, CancellationToken.None))!.Failure);
    }

    [Fact]
    public async Task SetCluster_MovesTheArticleRowAndItsClusterRow()
    {
        var writer = fixture.Service<ArticleWriter>();
        var first = SampleRecord(NewArticleId(), $"Speaker {Guid.NewGuid():N}", $"topic {Guid.NewGuid():N}");
        var second = SampleRecord(NewArticleId(), $"Speaker {Guid.NewGuid():N}", $"topic {Guid.NewGuid():N}") with { Similarity = 0.9 };
        await writer.SaveProcessedAsync(first, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, registeredVersion: null, CancellationToken.None);
        await writer.SaveProcessedAsync(second, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, registeredVersion: null, CancellationToken.None);

        await writer.SetClusterAsync(second.Id, first.Id, CancellationToken.None);

        var moved = await fixture.Reader.GetSummaryAsync(second.Id, CancellationToken.None);
        Assert.Equal((ArticleStatus.Duplicate, first.Id), (moved!.Status, moved.ClusterId));
        var members = await fixture.Reader.ClusterMembersAsync(first.Id, 10, CancellationToken.None);
        Assert.Equal(new[] { first.Id, second.Id }.Order(StringComparer.Ordinal), members.Select(m => m.ArticleId).Order(StringComparer.Ordinal));
        Assert.Equal(0.9, members.Single(m => m.ArticleId == second.Id).Similarity);
        Assert.Empty(await fixture.Reader.ClusterMembersAsync(second.Id, 10, CancellationToken.None));
    }

    [Fact]
    public async Task LookupRows_OfOneArticle_ShareOnePartition_AndALongerKeyInTheSameRangeIsNotReturned()
    {
        var writer = fixture.Service<ArticleWriter>();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var record = SampleRecord(NewArticleId(), $"Aino Lehto {marker}", $"ports {marker}");
        var places = Enumerable.Range(0, 12).Select(i => new EntityRecord($"Harbour {i} {marker}", "place", null, 1, [])).ToList();
        record = record with { Entities = [.. record.Entities, .. places] };
        var neighbour = SampleRecord(NewArticleId(), $"Aino Lehto {marker}|b", $"ports {marker}|b");

        await writer.SaveProcessedAsync(record, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, registeredVersion: null, CancellationToken.None);
        await writer.SaveProcessedAsync(neighbour, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, registeredVersion: null, CancellationToken.None);

        var entities = fixture.Connection.TableService().GetTableClient(fixture.Names.EntitiesTable);
        var partitions = new HashSet<string>();
        await foreach (var row in entities.QueryAsync<TableEntity>($"ArticleId eq '{record.Id}'"))
        {
            partitions.Add(row.PartitionKey);
        }

        Assert.Equal(IndexPartitions.Partition, Assert.Single(partitions));
        Assert.Equal([record.Id], (await fixture.Reader.MentionsAsync("person", $"Aino Lehto {marker}", 10, CancellationToken.None)).Select(m => m.ArticleId));
        Assert.Equal([record.Id], (await fixture.Reader.TopicArticlesAsync($"ports {marker}", 10, CancellationToken.None)).Select(t => t.ArticleId));
        Assert.Equal([record.Id], (await fixture.Reader.QuotesBySpeakerAsync($"Aino Lehto {marker}", 10, CancellationToken.None)).Select(q => q.ArticleId));
        Assert.Equal([neighbour.Id], (await fixture.Reader.MentionsAsync("person", $"Aino Lehto {marker}|b", 10, CancellationToken.None)).Select(m => m.ArticleId));
        Assert.Equal(12, (await Task.WhenAll(places.Select(p => fixture.Reader.MentionsAsync("place", p.Name, 10, CancellationToken.None)))).Count(m => m.Single().ArticleId == record.Id));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IndexUpgrade_MovesRowsAnEarlierVersionWrote_AndAReprocessRemovesTheMovedRowItNoLongerProduces(bool fourHashedPartitions)
    {
        var writer = fixture.Service<ArticleWriter>();
        var marker = Guid.NewGuid().ToString("N")[..10];
        var speaker = $"Maren Holt {marker}";
        var label = $"tides {marker}";
        var record = SampleRecord(NewArticleId(), speaker, label);
        await writer.SaveProcessedAsync(record, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, registeredVersion: null, CancellationToken.None);

        // Put the article back as an earlier version left it, with the article row listing those keys: each lookup key
        // its own partition (until 2026-12-02), or the four shared partitions S0-S3 chosen by a hash of the key (until
        // 2026-12-03; the rows here are put in S1-S3, the ones that move, whatever their key's hash was).
        var service = fixture.Connection.TableService();
        var entityKey = QueryIndexWriter.EntityKey("person", speaker);
        var topicKey = QueryIndexWriter.TopicKey(label);
        var speakerKey = QueryIndexWriter.SpeakerKey(speaker);
        var topicRowKey = TableKeys.NewestFirst(DateTimeOffset.Parse(record.Published!, System.Globalization.CultureInfo.InvariantCulture)) + "_" + record.Id;
        TableEntity EarlierRow(string lookupKey, string suffix, int hashedPartition, params (string Name, object? Value)[] properties)
        {
            var row = fourHashedPartitions
                ? new TableEntity("S" + hashedPartition, IndexPartitions.RowKey(lookupKey, suffix))
                : new TableEntity(lookupKey, suffix);
            foreach (var (name, value) in properties)
            {
                row[name] = value;
            }

            return row;
        }

        var legacy = new (string Table, TableEntity Row)[]
        {
            (fixture.Names.EntitiesTable, EarlierRow(entityKey, record.Id, 1, ("Name", speaker), ("Kind", "person"), ("Role", "chair"), ("Count", 2), ("Title", record.Title))),
            (fixture.Names.TopicsTable, EarlierRow(topicKey, topicRowKey, 2, ("ArticleId", record.Id), ("Label", label), ("Score", 0.75), ("Title", record.Title))),
            (fixture.Names.QuotesTable, EarlierRow(speakerKey, record.Id + "_0000", 3, ("ArticleId", record.Id), ("Speaker", speaker), ("Text", "The ferries will run all night,"))),
        };
        foreach (var (table, row) in legacy)
        {
            var client = service.GetTableClient(table);
            await foreach (var current in client.QueryAsync<TableEntity>($"ArticleId eq '{record.Id}'"))
            {
                await client.DeleteEntityAsync(current.PartitionKey, current.RowKey);
            }

            await client.UpsertEntityAsync(row);
        }

        var articleRow = await fixture.Rows.GetAsync(record.Id, CancellationToken.None);
        var legacyKeys = legacy.Select(l => new[] { l.Table, l.Row.PartitionKey, l.Row.RowKey }).Append([fixture.Names.ClustersTable, record.Id, record.Id]);
        articleRow!["IndexKeys"] = System.Text.Json.JsonSerializer.Serialize(legacyKeys);
        await service.GetTableClient(fixture.Names.ArticlesTable).UpdateEntityAsync(articleRow, articleRow.ETag);
        Assert.Empty(await fixture.Reader.MentionsAsync("person", speaker, 10, CancellationToken.None));

        var upgrade = fixture.Service<IndexLayoutUpgrade>();
        Assert.True(await upgrade.RunAsync(CancellationToken.None) >= 3);
        Assert.Equal(0, await upgrade.RunAsync(CancellationToken.None));

        Assert.Equal(new MentionRow(record.Id, speaker, "person", "chair", 2, record.Title, null), Assert.Single(await fixture.Reader.MentionsAsync("person", speaker, 10, CancellationToken.None)));
        Assert.Equal(record.Id, Assert.Single(await fixture.Reader.TopicArticlesAsync(label, 10, CancellationToken.None)).ArticleId);
        Assert.Equal(record.Id, Assert.Single(await fixture.Reader.QuotesBySpeakerAsync(speaker, 10, CancellationToken.None)).ArticleId);
        foreach (var (table, row) in legacy)
        {
            Assert.False((await service.GetTableClient(table).GetEntityIfExistsAsync<TableEntity>(row.PartitionKey, row.RowKey)).HasValue, table);
        }

        // Reprocessed without the entity and the topic: the moved rows go, though the article row named the old keys.
        await writer.SaveProcessedAsync(record with { Entities = [], Topics = [] }, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, registeredVersion: null, CancellationToken.None);
        Assert.Empty(await fixture.Reader.MentionsAsync("person", speaker, 10, CancellationToken.None));
        Assert.Empty(await fixture.Reader.TopicArticlesAsync(label, 10, CancellationToken.None));
        Assert.Single(await fixture.Reader.QuotesBySpeakerAsync(speaker, 10, CancellationToken.None));
    }

    [Fact]
    public async Task IndexUpgrade_MovesNearDuplicateBucketsOfTheEarlierLayout_AndALaterCopyStillJoinsTheStory()
    {
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"harbour{i} {Guid.NewGuid():N}"));
        var options = Pipeline.Core.Classification.Duplicates.MinHashOptions.Default;
        var sketch = Pipeline.Core.Classification.Duplicates.MinHasher.Sketch(text, options);
        var bandKeys = Pipeline.Core.Classification.Duplicates.MinHasher.BandKeys(sketch.Signature, options);
        var first = NewArticleId();
        var receivedFirst = DateTimeOffset.UtcNow.AddMinutes(-5);

        // The first copy as the version before shared partitions indexed it: one (band key, "members") row per band.
        var bands = fixture.Connection.TableService().GetTableClient(fixture.Names.SignaturesTable);
        var encoded = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(sketch.Signature.AsSpan()));
        foreach (var key in bandKeys)
        {
            await bands.UpsertEntityAsync(new TableEntity(key, "members") { ["m" + first] = $"{receivedFirst.UtcTicks}:{sketch.ShingleCount}:{encoded}" });
        }

        Assert.True(await fixture.Service<IndexLayoutUpgrade>().RunAsync(CancellationToken.None) >= bandKeys.Count);
        foreach (var key in bandKeys)
        {
            Assert.False((await bands.GetEntityIfExistsAsync<TableEntity>(key, "members")).HasValue);
            var moved = await bands.GetEntityAsync<TableEntity>(SimilarityIndex.BucketPartition(key), key);
            Assert.True(moved.Value.ContainsKey("m" + first));
        }

        var copy = NewArticleId();
        var classification = new ArticleClassification
        {
            Language = new LanguageGuess("en", 1), TopicModel = "keywords/1", Signature = sketch.Signature, ShingleCount = sketch.ShingleCount,
        };
        var assignment = await fixture.Service<SimilarityIndex>().AssignClusterAsync(copy, DateTimeOffset.UtcNow, classification, CancellationToken.None);
        Assert.Equal(first, assignment.ClusterId);
        Assert.Equal(1.0, assignment.Similarity);
        foreach (var key in bandKeys)
        {
            var bucket = await bands.GetEntityAsync<TableEntity>(SimilarityIndex.BucketPartition(key), key);
            Assert.True(bucket.Value.ContainsKey("m" + first) && bucket.Value.ContainsKey("m" + copy));
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task IndexUpgrade_MovesBucketsOfTheEarlierSharedLayouts_IntoTheBucketsPartition_AndALaterCopyStillJoinsTheStory(bool byBandNumber)
    {
        var classification = StoryOfItsOwn(byBandNumber ? "groyne" : "breakwater");
        var options = Pipeline.Core.Classification.Duplicates.MinHashOptions.Default;
        var bandKeys = Pipeline.Core.Classification.Duplicates.MinHasher.BandKeys(classification.Signature.ToArray(), options);
        var first = NewArticleId();
        var receivedFirst = DateTimeOffset.UtcNow.AddMinutes(-5);

        // The first copy as an earlier version indexed it: each bucket in the shared partition its key's hash chose
        // (2026-12-02 to the eighth session), or even bands in S4 and odd ones in S5 (the eighth session to the tenth).
        string EarlierPartition(string key) => byBandNumber
            ? (Pipeline.Core.Classification.Duplicates.MinHasher.BandOf(key) % 2 == 0 ? "S4" : "S5")
            : EarlierHashedPartition(key);
        var bands = fixture.Connection.TableService().GetTableClient(fixture.Names.SignaturesTable);
        var encoded = Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(classification.Signature.ToArray().AsSpan()));
        foreach (var key in bandKeys)
        {
            await bands.UpsertEntityAsync(new TableEntity(EarlierPartition(key), key) { ["m" + first] = $"{receivedFirst.UtcTicks}:{classification.ShingleCount}:{encoded}" });
        }

        var moving = bandKeys.Count(key => EarlierPartition(key) != "S4");
        Assert.True(moving > 0);
        Assert.True(await fixture.Service<IndexLayoutUpgrade>().RunAsync(CancellationToken.None) >= moving);
        Assert.Equal(["S4"], bandKeys.Select(SimilarityIndex.BucketPartition).Distinct());
        foreach (var key in bandKeys)
        {
            if (EarlierPartition(key) != "S4")
            {
                Assert.False((await bands.GetEntityIfExistsAsync<TableEntity>(EarlierPartition(key), key)).HasValue);
            }

            Assert.True((await bands.GetEntityAsync<TableEntity>(SimilarityIndex.BucketPartition(key), key)).Value.ContainsKey("m" + first));
        }

        var assignment = await new SimilarityIndex(fixture.Connection, fixture.Names).AssignClusterAsync(NewArticleId(), DateTimeOffset.UtcNow, classification, CancellationToken.None);
        Assert.Equal(first, assignment.ClusterId);
        Assert.Equal(1.0, assignment.Similarity);
    }

    [Fact]
    public async Task ACopyJoinedToARepresentativeMergedBeforeItWasStored_EndsUnderTheEarlierOne()
    {
        // Two hosts (two index instances, each with its own memory of parent rows) and three copies of one story, received
        // in the order early, first, copy. "first" is processed first; "copy" is joined to it without reading it; "early"
        // arrives late, merges "first" and lists its members before "copy" is stored under "first". The copy's own check
        // after storing must then move it.
        var classification = StoryOfItsOwn("quay");
        var (early, first, copy) = (NewArticleId(), NewArticleId(), NewArticleId());
        var now = DateTimeOffset.UtcNow;
        var hostA = new SimilarityIndex(fixture.Connection, fixture.Names);
        var hostB = new SimilarityIndex(fixture.Connection, fixture.Names);
        var writer = fixture.Service<ArticleWriter>();
        var convergenceA = new ClusterConvergence(hostA, writer, fixture.Reader);
        var convergenceB = new ClusterConvergence(hostB, writer, fixture.Reader);

        async Task StoreAsync(string id, ClusterAssignment assignment) =>
            await writer.SaveProcessedAsync(
                SampleRecord(id, $"Speaker {Guid.NewGuid():N}", $"topic {Guid.NewGuid():N}") with { ClusterId = assignment.ClusterId, Similarity = assignment.Similarity },
                now, now, registeredVersion: null, CancellationToken.None);

        var firstAssignment = await hostA.AssignClusterAsync(first, now.AddSeconds(-2), classification, CancellationToken.None);
        Assert.Equal(first, firstAssignment.ClusterId);
        await StoreAsync(first, firstAssignment);
        await convergenceA.ConvergeAsync(first, firstAssignment, CancellationToken.None);

        var copyAssignment = await hostB.AssignClusterAsync(copy, now, classification, CancellationToken.None);
        Assert.Equal(first, copyAssignment.ClusterId);
        Assert.Equal([copy], copyAssignment.Merged);

        var earlyAssignment = await hostA.AssignClusterAsync(early, now.AddSeconds(-3), classification, CancellationToken.None);
        Assert.Equal(early, earlyAssignment.ClusterId);
        Assert.Contains(first, earlyAssignment.Merged);
        await StoreAsync(early, earlyAssignment);
        await convergenceA.ConvergeAsync(early, earlyAssignment, CancellationToken.None);

        await StoreAsync(copy, copyAssignment);
        await convergenceB.ConvergeAsync(copy, copyAssignment, CancellationToken.None);

        foreach (var id in new[] { early, first, copy })
        {
            Assert.Equal(early, (await fixture.Reader.GetSummaryAsync(id, CancellationToken.None))!.ClusterId);
            Assert.Equal(early, await hostB.FindRootAsync(id, CancellationToken.None));
        }

        Assert.Equal(new[] { early, first, copy }.Order(StringComparer.Ordinal), (await fixture.Reader.ClusterMembersAsync(early, 10, CancellationToken.None)).Select(m => m.ArticleId).Order(StringComparer.Ordinal));
        Assert.Empty(await fixture.Reader.ClusterMembersAsync(first, 10, CancellationToken.None));
    }

    [Fact]
    public async Task AnArticleWhoseBucketsAreAllNew_ReadsNothingWhenAssigned_AndAnEarlierCopyJoiningItBeforeItIsStored_StillWins()
    {
        // "late" is processed first and finds no band key in use: it is its own representative without a read. "early",
        // received before it, arrives next, joins it and lists its members before "late" is stored; "late"'s check after
        // storing must then move it.
        var classification = StoryOfItsOwn("jetty");
        var (early, late) = (NewArticleId(), NewArticleId());
        var now = DateTimeOffset.UtcNow;
        var requests = new CountRequests();
        var hostA = new SimilarityIndex(fixture.Connection.WithRequestPolicy(requests), fixture.Names);
        var hostB = new SimilarityIndex(fixture.Connection, fixture.Names);
        var writer = fixture.Service<ArticleWriter>();

        var lateAssignment = await hostA.AssignClusterAsync(late, now, classification, CancellationToken.None);
        Assert.Equal(late, lateAssignment.ClusterId);
        Assert.Null(lateAssignment.Similarity);
        Assert.Equal(0, requests.Reads);
        Assert.Equal(1, requests.Count); // one transaction creates all ten buckets, in their one partition

        var earlyAssignment = await hostB.AssignClusterAsync(early, now.AddSeconds(-1), classification, CancellationToken.None);
        Assert.Equal(early, earlyAssignment.ClusterId);
        Assert.Equal([late], earlyAssignment.Merged);

        async Task StoreAsync(string id, ClusterAssignment assignment) =>
            await writer.SaveProcessedAsync(
                SampleRecord(id, $"Speaker {Guid.NewGuid():N}", $"topic {Guid.NewGuid():N}") with { ClusterId = assignment.ClusterId, Similarity = assignment.Similarity },
                now, now, registeredVersion: null, CancellationToken.None);

        await StoreAsync(early, earlyAssignment);
        await new ClusterConvergence(hostB, writer, fixture.Reader).ConvergeAsync(early, earlyAssignment, CancellationToken.None);
        await StoreAsync(late, lateAssignment);
        await new ClusterConvergence(hostA, writer, fixture.Reader).ConvergeAsync(late, lateAssignment, CancellationToken.None);

        foreach (var id in new[] { early, late })
        {
            Assert.Equal(early, (await fixture.Reader.GetSummaryAsync(id, CancellationToken.None))!.ClusterId);
        }

        Assert.Equal(new[] { early, late }.Order(StringComparer.Ordinal), (await fixture.Reader.ClusterMembersAsync(early, 10, CancellationToken.None)).Select(m => m.ArticleId).Order(StringComparer.Ordinal));
        Assert.Empty(await fixture.Reader.ClusterMembersAsync(late, 10, CancellationToken.None));
    }

    [Fact]
    public async Task ACopyOfAStoryThisProcessHasSeen_ReadsNoBucket_AndStillJoinsItsStory()
    {
        // The first copy reads the story's buckets back and the process remembers them; the next copy merges itself into
        // them on condition that they are unchanged, which they are, so it reads nothing and still finds its story.
        var classification = StoryOfItsOwn("quay");
        var (original, first, second) = (NewArticleId(), NewArticleId(), NewArticleId());
        var now = DateTimeOffset.UtcNow;
        var requests = new CountRequests();
        var host = new SimilarityIndex(fixture.Connection.WithRequestPolicy(requests), fixture.Names);

        Assert.Equal(original, (await host.AssignClusterAsync(original, now, classification, CancellationToken.None)).ClusterId);
        Assert.Equal(original, (await host.AssignClusterAsync(first, now.AddSeconds(1), classification, CancellationToken.None)).ClusterId);
        var readsBefore = requests.Reads;
        var requestsBefore = requests.Count;

        var assignment = await host.AssignClusterAsync(second, now.AddSeconds(2), classification, CancellationToken.None);

        Assert.Equal(original, assignment.ClusterId);
        Assert.Equal(1.0, assignment.Similarity);
        Assert.Equal(0, requests.Reads - readsBefore);
        Assert.Equal(2, requests.Count - requestsBefore); // one conditional merge into the buckets' partition, one parent row
    }

    [Fact]
    public async Task ABucketAnotherProcessJoinedSinceThisOneReadIt_IsReadAgain_NotTrusted()
    {
        // Host A remembers the story's buckets holding "original" and "first". Host B then indexes "earliest", a copy
        // received before both, which becomes the story's representative. A's next copy must not trust what it remembers
        // (that would make "original" its representative): its conditional merge fails, and it reads the buckets again.
        var classification = StoryOfItsOwn("slipway");
        var (original, first, earliest, late) = (NewArticleId(), NewArticleId(), NewArticleId(), NewArticleId());
        var now = DateTimeOffset.UtcNow;
        var requests = new CountRequests();
        var hostA = new SimilarityIndex(fixture.Connection.WithRequestPolicy(requests), fixture.Names);
        var hostB = new SimilarityIndex(fixture.Connection, fixture.Names);

        await hostA.AssignClusterAsync(original, now, classification, CancellationToken.None);
        await hostA.AssignClusterAsync(first, now.AddSeconds(1), classification, CancellationToken.None);
        Assert.Equal(earliest, (await hostB.AssignClusterAsync(earliest, now.AddSeconds(-1), classification, CancellationToken.None)).ClusterId);
        var readsBefore = requests.Reads;

        var assignment = await hostA.AssignClusterAsync(late, now.AddSeconds(2), classification, CancellationToken.None);

        Assert.Equal(earliest, assignment.ClusterId);
        Assert.True(requests.Reads - readsBefore >= 1, "the buckets another process joined are read again");
    }

    [Fact]
    public async Task AJoinWhoseAnswerWasLost_IsStillReportedAsAMerge_SoItsMembersAreListed()
    {
        // The copy's parent row is created, the answer is lost on the way back, and the retry finds the row: the copy was
        // a representative until this join, so whoever stored under it meanwhile must be moved, which only happens for
        // joins the assignment reports as merges.
        var classification = StoryOfItsOwn("pier");
        var (first, copy) = (NewArticleId(), NewArticleId());
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(first, (await fixture.Service<SimilarityIndex>().AssignClusterAsync(first, now.AddSeconds(-1), classification, CancellationToken.None)).ClusterId);

        var losing = new LoseOneAnswer($"\"PartitionKey\":\"~{copy}\"");
        var assignment = await new SimilarityIndex(fixture.Connection.WithRequestPolicy(losing), fixture.Names)
            .AssignClusterAsync(copy, now, classification, CancellationToken.None);

        Assert.Equal(1, losing.Lost);
        Assert.Equal(first, assignment.ClusterId);
        Assert.Equal([copy], assignment.Merged);
    }

    [Fact]
    public async Task ABlobVersionSeenIndexed_IsRememberedByThatProcess_SoTheTriggerFindingItAgainCostsNoRequest()
    {
        var blob = $"remembered-{NewArticleId()}.txt"; // never uploaded: a download would find it missing
        var id = NewArticleId();
        var requests = new CountRequests();
        var index = new BlobIndex(fixture.Connection.WithRequestPolicy(requests), fixture.Names, fixture.Rows);
        await index.ClaimAsync(blob, id, "\"0x8D1\"", indexed: null, CancellationToken.None);

        Assert.Equal(id, index.RememberedArticle(blob, "0x8D1")); // listings give ETags without quotes
        Assert.Null(index.RememberedArticle(blob, "\"0x8D2\"")); // another version is looked up

        // Another process knows nothing until it reads the entry.
        var elsewhere = new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows);
        Assert.Null(elsewhere.RememberedArticle(blob, "\"0x8D1\""));
        Assert.Equal(id, (await elsewhere.FindAsync(blob, CancellationToken.None))?.ArticleId);
        Assert.Equal(id, elsewhere.RememberedArticle(blob, "\"0x8D1\""));

        var ingestor = ActivatorUtilities.CreateInstance<ArticleIngestor>(fixture.Service<IServiceProvider>(), index);
        var sent = 0;
        var before = requests.Count;
        await ingestor.IngestFoundAsync(blob, "\"0x8D1\"", announced: true, _ => { sent++; return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal(before, requests.Count);

        // A version it has not seen is looked up (and, the blob being gone, nothing is sent on).
        await ingestor.IngestFoundAsync(blob, "\"0x8D2\"", announced: true, _ => { sent++; return Task.CompletedTask; }, CancellationToken.None);
        Assert.True(requests.Count > before);
        Assert.Equal(0, sent);
    }

    [Fact]
    public async Task AVersionAnotherProcessIndexed_CostsTheTriggerOneLookup_AndNoDownload()
    {
        // The submit message was handled on another instance (or before a restart): this process has not seen the entry,
        // and the version the trigger hands over is the one indexed.
        var blob = $"indexed-elsewhere-{NewArticleId()}.txt";
        var uploaded = await fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.ArticlesContainer).GetBlobClient(blob)
            .UploadAsync(BinaryData.FromString("Indexed elsewhere.\n\nA short article that another instance has ingested."));
        var id = NewArticleId();
        await new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows).ClaimAsync(blob, id, uploaded.Value.ETag.ToString(), indexed: null, CancellationToken.None);

        var requests = new CountRequests();
        var counted = fixture.Connection.WithRequestPolicy(requests);
        var ingestor = ActivatorUtilities.CreateInstance<ArticleIngestor>(fixture.Service<IServiceProvider>(), counted, new BlobIndex(counted, fixture.Names, fixture.Rows));
        var sent = 0;
        await ingestor.IngestFoundAsync(blob, uploaded.Value.ETag.ToString(), announced: true, _ => { sent++; return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal(1, requests.Count);
        Assert.Equal(0, sent);

        // A version the index does not hold is still read and ingested.
        var overwritten = await fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.ArticlesContainer).GetBlobClient(blob)
            .UploadAsync(BinaryData.FromString("Indexed elsewhere, then rewritten.\n\nThe article was replaced with a longer text after it was ingested."), overwrite: true);
        await ingestor.IngestFoundAsync(blob, overwritten.Value.ETag.ToString(), announced: true, _ => { sent++; return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal(1, sent);
    }

    [Fact]
    public async Task DropMarksTheBlobsItAnnounces_AndOnlyThose()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("pipeline-mark-").FullName, "marked.txt");
        await File.WriteAllTextAsync(path, "Marked.\n\nA short article that drop uploads and announces on the submit queue.");
        var container = fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.ArticlesContainer);

        var announced = $"announced-{NewArticleId()}.txt";
        await fixture.Uploader.UploadAsync(path, announced, submit: true, CancellationToken.None);
        Assert.True(ArticleUploader.WasAnnounced((await container.GetBlobClient(announced).GetPropertiesAsync()).Value.Metadata));

        var uploadedOnly = $"uploaded-only-{NewArticleId()}.txt";
        await fixture.Uploader.UploadAsync(path, uploadedOnly, submit: false, CancellationToken.None);
        Assert.False(ArticleUploader.WasAnnounced((await container.GetBlobClient(uploadedOnly).GetPropertiesAsync()).Value.Metadata));
    }

    [Fact]
    public async Task ABlobNoOtherRouteAnnounced_IsIngestedWithoutAnIndexLookup()
    {
        // Uploaded by another tool: the trigger is the only route that will see it.
        var blob = $"unannounced-{NewArticleId()}.txt";
        var uploaded = await fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.ArticlesContainer).GetBlobClient(blob)
            .UploadAsync(BinaryData.FromString($"Unannounced {Guid.NewGuid():N}.\n\nA short article that another tool uploaded into the container."));

        var requests = new CountRequests();
        var counted = fixture.Connection.WithRequestPolicy(requests);
        var index = new BlobIndex(counted, fixture.Names, fixture.Rows);
        var ingestor = ActivatorUtilities.CreateInstance<ArticleIngestor>(fixture.Service<IServiceProvider>(), counted, index);
        var sent = 0;
        await ingestor.IngestFoundAsync(blob, uploaded.Value.ETag.ToString(), announced: false, _ => { sent++; return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(1, sent);
        Assert.Equal(1, requests.Count); // the download alone: no lookup in the index (the writer's own clients claim it)
        Assert.True((await index.FindAsync(blob, CancellationToken.None))?.IsVersion(uploaded.Value.ETag.ToString()));
    }

    [Fact]
    public async Task AnUnannouncedBlobThatTheSweepIngestedFirst_IsNotRunTwice()
    {
        // The trigger lagged behind the reconciliation sweep, which announced the blob on the submit queue: that ingest
        // registered it moments ago. The trigger's ingest, skipping the lookup, finds the registration and stops.
        var blob = $"swept-{NewArticleId()}.txt";
        var uploaded = await fixture.Connection.BlobService().GetBlobContainerClient(fixture.Names.ArticlesContainer).GetBlobClient(blob)
            .UploadAsync(BinaryData.FromString($"Swept {Guid.NewGuid():N}.\n\nA short article that the sweep found before the trigger did."));
        var sent = 0;
        await fixture.Service<ArticleIngestor>().IngestSubmittedAsync(new SubmitMessage { Blob = blob }.ToJson(), _ => { sent++; return Task.CompletedTask; }, CancellationToken.None);
        Assert.Equal(1, sent);
        var claimed = await new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows).FindAsync(blob, CancellationToken.None);

        var elsewhere = ActivatorUtilities.CreateInstance<ArticleIngestor>(fixture.Service<IServiceProvider>(), new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows));
        await elsewhere.IngestFoundAsync(blob, uploaded.Value.ETag.ToString(), announced: false, _ => { sent++; return Task.CompletedTask; }, CancellationToken.None);

        Assert.Equal(1, sent);
        var after = await new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows).FindAsync(blob, CancellationToken.None);
        Assert.Equal(claimed?.RowETag, after?.RowETag);
    }

    [Fact]
    public async Task ClaimingAVersionTheIndexAlreadyHoldsForThatArticle_WritesNothing()
    {
        var blob = $"claimed-twice-{NewArticleId()}.txt";
        var id = NewArticleId();
        await new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows).ClaimAsync(blob, id, "\"0x8D1\"", indexed: null, CancellationToken.None);
        var before = await new BlobIndex(fixture.Connection, fixture.Names, fixture.Rows).FindAsync(blob, CancellationToken.None);

        var requests = new CountRequests();
        var index = new BlobIndex(fixture.Connection.WithRequestPolicy(requests), fixture.Names, fixture.Rows);
        await index.ClaimAsync(blob, id, "\"0x8D1\"", indexed: null, CancellationToken.None);

        Assert.Equal(2, requests.Count); // the create that found the row, and the read of it
        Assert.Equal(before?.RowETag, (await index.FindAsync(blob, CancellationToken.None))?.RowETag);
    }

    private static string NewArticleId() => Guid.NewGuid().ToString("N");

    /// <summary>
    /// The shared partition "S0" to "S3" that the layout of 2026-12-02 to 2026-12-03 chose for a key (FNV-1a over the
    /// UTF-16 code units, modulo four), so that tests can write rows as that version did.
    /// </summary>
    private static string EarlierHashedPartition(string key)
    {
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }

        return "S" + (hash % 4).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The classification of a story no other test tells (60 made-up words): its copies are exact near-duplicates.</summary>
    private static ArticleClassification StoryOfItsOwn(string word)
    {
        var text = string.Join(' ', Enumerable.Range(0, 60).Select(i => $"{word}{i} {Guid.NewGuid():N}"));
        var sketch = Pipeline.Core.Classification.Duplicates.MinHasher.Sketch(text, Pipeline.Core.Classification.Duplicates.MinHashOptions.Default);
        return new ArticleClassification
        {
            Language = new LanguageGuess("en", 1), TopicModel = "keywords/1", Signature = sketch.Signature, ShingleCount = sketch.ShingleCount,
        };
    }

    /// <summary>Counts the requests sent to the service, and among them the reads (GET).</summary>
    private sealed class CountRequests : Azure.Core.Pipeline.HttpPipelineSynchronousPolicy
    {
        private int count;
        private int reads;

        public int Count => Volatile.Read(ref count);

        public int Reads => Volatile.Read(ref reads);

        public override void OnSendingRequest(Azure.Core.HttpMessage message)
        {
            Interlocked.Increment(ref count);
            if (message.Request.Method == Azure.Core.RequestMethod.Get)
            {
                Interlocked.Increment(ref reads);
            }
        }
    }

    /// <summary>Lets the first request whose body holds <paramref name="marker"/> reach the service, then loses its answer.</summary>
    private sealed class LoseOneAnswer(string marker) : Azure.Core.Pipeline.HttpPipelinePolicy
    {
        public int Lost { get; private set; }

        public override void Process(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline) =>
            ProcessAsync(message, pipeline).AsTask().GetAwaiter().GetResult();

        public override async ValueTask ProcessAsync(Azure.Core.HttpMessage message, ReadOnlyMemory<Azure.Core.Pipeline.HttpPipelinePolicy> pipeline)
        {
            await ProcessNextAsync(message, pipeline);
            if (Lost == 0 && message.Request.Content is { } content)
            {
                using var body = new MemoryStream();
                await content.WriteToAsync(body, CancellationToken.None);
                if (System.Text.Encoding.UTF8.GetString(body.ToArray()).Contains(marker, StringComparison.Ordinal))
                {
                    Lost++;
                    throw new IOException("The answer was lost on the way back (test).");
                }
            }
        }
    }

    /// <summary>A processed article of two sentences, one of them a quote by <paramref name="speaker"/>, in its own cluster.</summary>
    private static ArticleRecord SampleRecord(string id, string speaker, string label)
    {
        const string said = "\"The ferries will run all night,\" the chair said.";
        var text = "The harbour authority approved night ferries. " + said;
        var quoteStart = text.IndexOf('"', StringComparison.Ordinal);
        return new ArticleRecord
        {
            Id = id,
            Blobs = ["harbour.html"],
            Status = ArticleStatus.Processed,
            Title = "Night ferries approved",
            Outlet = "The Coastal Ledger",
            Published = "2026-03-14T08:30:00+01:00",
            Language = "en",
            Text = text,
            Sentences =
            [
                new SentenceRecord(0, "The harbour authority approved night ferries.", 0, 45, 0, "statement", null),
                new SentenceRecord(1, said, 46, text.Length, 0, "quote", speaker),
            ],
            Quotes = [new QuoteRecord(0, "The ferries will run all night,", quoteStart + 1, quoteStart + 32, speaker, "the authority's chair", 1, 1)],
            Entities = [new EntityRecord(speaker, "person", "chair", 2, [])],
            Topics = [new TopicRecord(label, 0.75, ["ferries"])],
            ClusterId = id,
            PipelineVersion = PipelineInfo.Version,
        };
    }
}
