using System.Text.Json;
using Azure.Storage.Queues;

namespace Pipeline.Storage;

/// <summary>
/// Moves poisoned messages back onto their stage queue so a running host retries them (<c>pipeline replay</c>, and the
/// web view's replay button for one article). Each message is sent before it is deleted, so none is lost.
/// </summary>
public sealed class PoisonReplay(StorageConnection connection)
{
    /// <summary>Messages looked at in one poison queue when replaying one article: poison queues are meant to stay short.</summary>
    public const int MaxMessagesScanned = 5_000;

    /// <summary>How many messages wait in <paramref name="queue"/>'s poison queue (0 when it does not exist).</summary>
    public async Task<int> CountAsync(string queue, CancellationToken cancellationToken)
    {
        var poison = connection.QueueService().GetQueueClient(ResourceNames.PoisonQueueOf(queue));
        if (!(await poison.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            return 0;
        }

        return (await poison.GetPropertiesAsync(cancellationToken).ConfigureAwait(false)).Value.ApproximateMessagesCount;
    }

    /// <summary>Moves every message of <paramref name="queue"/>'s poison queue back to <paramref name="queue"/>; returns how many moved.</summary>
    public Task<int> MoveAllAsync(string queue, CancellationToken cancellationToken) => MoveAsync(queue, _ => true, int.MaxValue, cancellationToken);

    /// <summary>
    /// Moves the poisoned messages that concern one article: stage messages carrying its id, and submit messages naming
    /// one of its blobs. Other messages are made visible again at once. Returns how many moved.
    /// </summary>
    public Task<int> MoveArticleAsync(string queue, string articleId, IReadOnlyCollection<string> blobs, CancellationToken cancellationToken) =>
        MoveAsync(queue, body => Concerns(body, articleId, blobs), MaxMessagesScanned, cancellationToken);

    /// <summary>True when a queue message body names the article (by id) or one of its blobs; false for anything unreadable.</summary>
    public static bool Concerns(string body, string articleId, IReadOnlyCollection<string> blobs)
    {
        ArgumentNullException.ThrowIfNull(blobs);
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                return false;
            }

            if (json.RootElement.TryGetProperty("articleId", out var id) && id.ValueKind == JsonValueKind.String)
            {
                return string.Equals(id.GetString(), articleId, StringComparison.Ordinal);
            }

            return json.RootElement.TryGetProperty("blob", out var blob) && blob.ValueKind == JsonValueKind.String
                && blobs.Contains(blob.GetString()!, StringComparer.Ordinal);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private async Task<int> MoveAsync(string queue, Func<string, bool> wanted, int maxScanned, CancellationToken cancellationToken)
    {
        var service = connection.QueueService();
        var poison = service.GetQueueClient(ResourceNames.PoisonQueueOf(queue));
        var target = service.GetQueueClient(queue);
        if (!(await poison.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            return 0;
        }

        var moved = 0;
        var scanned = 0;
        var skipped = new List<(string Id, string PopReceipt)>();
        try
        {
            while (scanned < maxScanned)
            {
                var batch = (await poison.ReceiveMessagesAsync(32, TimeSpan.FromMinutes(1), cancellationToken).ConfigureAwait(false)).Value;
                if (batch.Length == 0)
                {
                    break;
                }

                foreach (var message in batch)
                {
                    scanned++;
                    if (!wanted(message.Body.ToString()))
                    {
                        skipped.Add((message.MessageId, message.PopReceipt));
                        continue;
                    }

                    // Send first, then delete: a crash in between duplicates a message (harmless, stages are idempotent) rather than losing it.
                    await StorageResilience.RunAsync(async ct => await target.SendMessageAsync(message.Body, cancellationToken: ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    await StorageResilience.RunAsync(async ct => await poison.DeleteMessageAsync(message.MessageId, message.PopReceipt, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                    moved++;
                }
            }
        }
        finally
        {
            await ReleaseAsync(poison, skipped).ConfigureAwait(false);
        }

        return moved;
    }

    // Messages we received but leave in place become visible again now, not after the minute they were hidden for.
    private static async Task ReleaseAsync(QueueClient poison, IEnumerable<(string Id, string PopReceipt)> messages)
    {
        foreach (var (id, popReceipt) in messages)
        {
            await StorageResilience.RunAsync(
                async ct => await poison.UpdateMessageAsync(id, popReceipt, visibilityTimeout: TimeSpan.Zero, cancellationToken: ct).ConfigureAwait(false),
                CancellationToken.None).ConfigureAwait(false);
        }
    }
}
