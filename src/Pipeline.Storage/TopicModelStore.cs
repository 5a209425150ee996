using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Storage;

/// <summary>
/// Trained topic models, one blob per version (<c>topics/&lt;version&gt;.zip</c> in the models container). Versions are
/// UTC timestamps (<c>20261122T141500Z</c>), so the greatest name is the newest model. Models are never overwritten.
/// </summary>
public sealed class TopicModelStore(StorageConnection connection, ResourceNames names)
{
    public const string Prefix = "topics/";

    private readonly BlobContainerClient models = connection.BlobService().GetBlobContainerClient(names.ModelsContainer);

    public static string BlobNameOf(string version) => $"{Prefix}{version}.zip";

    /// <summary>Stores a model under its version; returns the blob name. A version that exists already is an error.</summary>
    public async Task<string> UploadAsync(string version, byte[] model, CancellationToken cancellationToken)
    {
        var name = BlobNameOf(version);
        await StorageResilience.RunAsync(async ct => await models.CreateIfNotExistsAsync(cancellationToken: ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        await StorageResilience.RunAsync(
            async ct => await models.GetBlobClient(name).UploadAsync(BinaryData.FromBytes(model), overwrite: false, ct).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);
        return name;
    }

    /// <summary>The newest model's blob name, or null when none was trained.</summary>
    public async Task<string?> NewestAsync(CancellationToken cancellationToken)
    {
        string? newest = null;
        try
        {
            await foreach (var blob in models.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix, cancellationToken).ConfigureAwait(false))
            {
                if (blob.Name.EndsWith(".zip", StringComparison.Ordinal) && string.CompareOrdinal(blob.Name, newest) > 0)
                {
                    newest = blob.Name;
                }
            }
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // no models container yet
        }

        return newest;
    }

    /// <summary>A model's bytes by blob name; null when it does not exist.</summary>
    public async Task<byte[]?> DownloadAsync(string blobName, CancellationToken cancellationToken)
    {
        try
        {
            return await StorageResilience.RunAsync(
                async ct => (await models.GetBlobClient(blobName).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content.ToArray(),
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
    }
}
