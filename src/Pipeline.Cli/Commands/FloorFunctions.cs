using System.Text;
using System.Text.Json;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues.Models;
using Microsoft.Azure.WebJobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Core.Articles;
using Pipeline.Functions;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Cli.Commands;

/// <summary>
/// The floor for <c>bench pipeline --floor</c>: the same engine, settings and trigger chain as the pipeline (blob trigger,
/// then the clean, segment and classify queues), with stages that do nothing but pass the article on and, at the end,
/// store one batch of sentence rows and one article row. Whatever the pipeline costs above this is ours to win back.
/// </summary>
public sealed class FloorFunctions(StorageConnection connection, ILogger<FloorFunctions> logger)
{
    /// <summary>
    /// The text a floor message carries (JSON-escaped and base64-encoded it stays under the 64 KiB queue limit); the pipeline
    /// moves larger articles by claim check, the floor only needs enough text for a sentence batch.
    /// </summary>
    private const int MaxCarriedChars = 6_000;

    /// <summary>One table transaction holds at most 100 operations.</summary>
    private const int MaxSentenceRows = 100;

    public const string SentencesTable = "floorsentences";
    public const string ArticlesTable = "floorarticles";

    // Clients made once per function instance, not per message: the floor should cost what the engine costs.
    private readonly TableClient sentencesTable = connection.TableService().GetTableClient(SentencesTable);
    private readonly TableClient articlesTable = connection.TableService().GetTableClient(ArticlesTable);

    [FunctionName("FloorIngest")]
    public async Task IngestAsync(
        [BlobTrigger("%ArticlesContainer%/{name}")] BlobClient blob,
        string name,
        [Queue("%CleanQueue%")] IAsyncCollector<string> next,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(blob);
        var content = (await blob.DownloadContentAsync(cancellationToken).ConfigureAwait(false)).Value.Content.ToArray();
        var text = Encoding.UTF8.GetString(content);
        var message = new FloorMessage(ArticleId.FromContent(content), name, text.Length > MaxCarriedChars ? text[..MaxCarriedChars] : text);
        await next.AddAsync(JsonSerializer.Serialize(message), cancellationToken).ConfigureAwait(false);
    }

    [FunctionName("FloorClean")]
    public Task CleanAsync([QueueTrigger("%CleanQueue%")] QueueMessage message, [Queue("%SegmentQueue%")] IAsyncCollector<string> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return next.AddAsync(message.MessageText, cancellationToken);
    }

    [FunctionName("FloorSegment")]
    public Task SegmentAsync([QueueTrigger("%SegmentQueue%")] QueueMessage message, [Queue("%ClassifyQueue%")] IAsyncCollector<string> next, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return next.AddAsync(message.MessageText, cancellationToken);
    }

    [FunctionName("FloorClassify")]
    public async Task ClassifyAsync([QueueTrigger("%ClassifyQueue%")] QueueMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var article = JsonSerializer.Deserialize<FloorMessage>(message.MessageText) ?? throw new InvalidOperationException("Empty floor message.");

        // Split on full stops: enough to make a sentence batch the size of a real one, not a segmenter.
        var sentences = article.Text.Split(". ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(MaxSentenceRows).ToList();
        var batch = sentences.Select((sentence, index) => new TableTransactionAction(TableTransactionActionType.UpsertReplace,
            new TableEntity(article.Id, index.ToString("D4", System.Globalization.CultureInfo.InvariantCulture)) { ["Text"] = sentence })).ToList();
        if (batch.Count > 0)
        {
            await sentencesTable.SubmitTransactionAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        await articlesTable.UpsertEntityAsync(
            new TableEntity(article.Id, string.Empty) { ["Blob"] = article.Blob, ["Sentences"] = sentences.Count }, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);

        // Event 4 with an ArticleId field is what the benchmark waits for, as it does for the pipeline's "completed".
        logger.LogInformation(new EventId(4, "FloorStored"), "Floor article {ArticleId} stored ({Sentences} sentences)", article.Id, sentences.Count);
    }

    /// <summary>The floor's host: the pipeline's engine configuration around <see cref="FloorFunctions"/> only.</summary>
    public static IHostBuilder CreateHostBuilder(string connectionString) =>
        FunctionsHost.CreateEngineBuilder([], settingsPath: null, new Dictionary<string, string?> { [PipelineServices.StorageSetting] = connectionString }, [typeof(FloorFunctions)],
            (_, services) => services.AddSingleton(StorageConnection.FromConnectionString(connectionString)));

    /// <summary>Creates what the floor's triggers and writes need, before its host starts.</summary>
    public static async Task ProvisionAsync(StorageConnection connection, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var names = ResourceNames.Default;
        await connection.BlobService().GetBlobContainerClient(names.ArticlesContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var queue in new[] { names.CleanQueue, names.SegmentQueue, names.ClassifyQueue })
        {
            await connection.QueueService().GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        foreach (var table in new[] { SentencesTable, ArticlesTable })
        {
            await connection.TableService().CreateTableIfNotExistsAsync(table, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed record FloorMessage(string Id, string Blob, string Text);
}
