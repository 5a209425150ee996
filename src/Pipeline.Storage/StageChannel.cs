using System.Collections.Concurrent;
using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>
/// Sends a stage's output to the next queue: inline when it fits, otherwise through a claim-check blob in the work
/// container. Reads payloads back the same way. Every call goes through <see cref="StorageResilience"/>.
/// </summary>
public sealed class StageChannel(StorageConnection connection, ResourceNames names, MessagingOptions options)
{
    private readonly QueueServiceClient queues = connection.QueueService();
    private readonly BlobContainerClient work = connection.BlobService().GetBlobContainerClient(names.WorkContainer);
    private readonly ConcurrentDictionary<string, QueueClient> queueClients = new();

    /// <summary>Sends <paramref name="payload"/> (serialized as JSON) to <paramref name="queue"/> with our own client.</summary>
    public async Task SendAsync<T>(string queue, StageMessage header, T payload, CancellationToken cancellationToken) =>
        await SendRawAsync(queue, await PrepareAsync(queue, header, payload, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Builds the message body for <paramref name="queue"/>: the payload inline when it fits, otherwise written to the
    /// work container first (claim-check). The caller sends the body, e.g. through a function's queue output binding.
    /// </summary>
    public async Task<string> PrepareAsync<T>(string queue, StageMessage header, T payload, CancellationToken cancellationToken)
    {
        var json = ArticleJson.Serialize(payload);
        StageMessage message;
        if (Encoding.UTF8.GetByteCount(json) <= options.InlinePayloadLimitBytes)
        {
            message = header with { Payload = json, PayloadBlob = null };
        }
        else
        {
            // Claim-check: the name is stable per article and stage, so a replayed stage overwrites its own payload.
            var blobName = PayloadName(header.ArticleId, queue);
            await StorageResilience.RunAsync(
                async ct => await work.GetBlobClient(blobName).UploadAsync(BinaryData.FromString(json), overwrite: true, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            message = header with { Payload = null, PayloadBlob = blobName };
        }

        return message.ToJson();
    }

    /// <summary>Whether <paramref name="bytes"/> of raw content fit in a message as base64, with room for its other fields.</summary>
    public bool FitsInline(long bytes) => bytes * 4 / 3 < options.InlinePayloadLimitBytes - 1_000;

    /// <summary>Sends an already-serialized message body.</summary>
    public async Task SendRawAsync(string queue, string body, CancellationToken cancellationToken)
    {
        var client = queueClients.GetOrAdd(queue, queues.GetQueueClient);
        await StorageResilience.RunAsync(
            async ct => await client.SendMessageAsync(body, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Reads the payload a message carries or points to; null when its claim-check blob is gone (the article was stored
    /// and its payloads deleted, or someone removed them: the caller tells which).
    /// </summary>
    public async Task<T?> ReadPayloadAsync<T>(StageMessage message, CancellationToken cancellationToken)
        where T : class
    {
        if (message.Payload is not null)
        {
            return ArticleJson.Deserialize<T>(message.Payload);
        }

        if (message.PayloadBlob is null)
        {
            throw new FormatException($"Message for article {message.ArticleId} carries neither payload nor payloadBlob.");
        }

        try
        {
            var content = await StorageResilience.RunAsync(
                async ct => (await work.GetBlobClient(message.PayloadBlob).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content,
                cancellationToken).ConfigureAwait(false);
            return ArticleJson.Deserialize<T>(content.ToString());
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }

    /// <summary>
    /// Deletes an article's claim-check payloads once it is stored: nothing reads them after that, and the work
    /// container would otherwise grow with every large article. (A stage deletes none of its own input: a message
    /// redelivered before the article is stored must still find it.)
    /// </summary>
    public async Task DeletePayloadsAsync(string articleId, IEnumerable<string> queues, CancellationToken cancellationToken)
    {
        foreach (var queue in queues)
        {
            var name = PayloadName(articleId, queue);
            await StorageResilience.RunAsync(
                async ct => await work.GetBlobClient(name).DeleteIfExistsAsync(cancellationToken: ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Stable per article and queue, so a replayed stage overwrites its own payload.</summary>
    private static string PayloadName(string articleId, string queue) => $"payloads/{articleId}/{queue}.json";
}
