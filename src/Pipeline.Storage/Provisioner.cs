using Azure;

namespace Pipeline.Storage;

/// <summary>Creates every container, queue (with its poison twin) and table. Idempotent: existing resources are left alone.</summary>
public sealed class Provisioner(StorageConnection connection, ResourceNames names)
{
    public async Task<IReadOnlyList<string>> EnsureAllAsync(CancellationToken cancellationToken)
    {
        var created = new List<string>();
        var blobs = connection.BlobService();
        foreach (var container in names.Containers)
        {
            var response = await StorageResilience.RunAsync(
                async ct => await blobs.GetBlobContainerClient(container).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                created.Add($"container {container}");
            }
        }

        var queues = connection.QueueService();
        foreach (var queue in names.Queues.SelectMany(q => new[] { q, ResourceNames.PoisonQueueOf(q) }))
        {
            var response = await StorageResilience.RunAsync(
                async ct => await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            if (response is not null)
            {
                created.Add($"queue {queue}");
            }
        }

        var tables = connection.TableService();
        foreach (var table in names.Tables)
        {
            try
            {
                var response = await StorageResilience.RunAsync(
                    async ct => await tables.CreateTableIfNotExistsAsync(table, ct).ConfigureAwait(false),
                    cancellationToken).ConfigureAwait(false);
                if (response.GetRawResponse().Status == 204 || response.GetRawResponse().Status == 201)
                {
                    created.Add($"table {table}");
                }
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Another host provisioned it between our check and our create.
            }
        }

        return created;
    }

    /// <summary>Lists which resources are missing (for <c>status</c>).</summary>
    public async Task<IReadOnlyList<string>> FindMissingAsync(CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        var blobs = connection.BlobService();
        foreach (var container in names.Containers)
        {
            if (!(await blobs.GetBlobContainerClient(container).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
            {
                missing.Add($"container {container}");
            }
        }

        var queues = connection.QueueService();
        foreach (var queue in names.Queues)
        {
            if (!(await queues.GetQueueClient(queue).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
            {
                missing.Add($"queue {queue}");
            }
        }

        var existingTables = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        await foreach (var table in connection.TableService().QueryAsync(cancellationToken: cancellationToken).ConfigureAwait(false))
        {
            existingTables.Add(table.Name);
        }

        missing.AddRange(names.Tables.Where(t => !existingTables.Contains(t)).Select(t => $"table {t}"));
        return missing;
    }
}
