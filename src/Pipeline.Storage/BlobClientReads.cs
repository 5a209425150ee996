using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Storage;

/// <summary>Reads of a blob's state that the storage classes share.</summary>
internal static class BlobClientReads
{
    /// <summary>The blob's properties (one HEAD, retried on transient faults); null when there is no such blob.</summary>
    public static async Task<BlobProperties?> TryGetPropertiesAsync(this BlobClient blob, CancellationToken cancellationToken)
    {
        try
        {
            return await StorageResilience.RunAsync(
                async ct => (await blob.GetPropertiesAsync(cancellationToken: ct).ConfigureAwait(false)).Value,
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
