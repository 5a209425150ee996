using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace Pipeline.Storage;

/// <summary>What happened to one file handed to <see cref="ArticleUploader"/>.</summary>
public sealed record UploadResult(string File, string Blob, string Outcome, long Bytes)
{
    public const string Uploaded = "uploaded";
    public const string Unchanged = "unchanged";

    /// <summary>Already uploaded with these bytes but never ingested (e.g. an interrupted drop): announced again.</summary>
    public const string Announced = "announced";
}

/// <summary>
/// Uploads files into the articles container the way <c>pipeline drop</c> does: content type from the extension, files
/// whose bytes are already there (same MD5) are skipped, and each upload is announced on the submit queue so it is
/// ingested at once rather than at the next container scan. Uploads never overwrite with the same content, so the blob
/// trigger does not fire twice for an unchanged file.
/// </summary>
public sealed class ArticleUploader(StorageConnection connection, ResourceNames names, StageChannel channel, BlobIndex blobIndex)
{
    /// <summary>
    /// Metadata that a blob uploaded and announced on the submit queue carries (<c>drop</c>), so that the blob trigger,
    /// which also finds it, knows another route may have ingested it already and looks in the index first. A blob that
    /// lacks it (another tool uploaded it) is new to the pipeline: ingest skips that lookup. Set in the upload request
    /// itself, so it costs nothing.
    /// </summary>
    public const string AnnouncedMetadata = "pipelineannounced";

    /// <summary>Whether a blob's metadata (as the blob trigger read it) says that it was announced on the submit queue.</summary>
    public static bool WasAnnounced(IDictionary<string, string>? metadata) =>
        metadata is not null && metadata.Keys.Any(key => string.Equals(key, AnnouncedMetadata, StringComparison.OrdinalIgnoreCase));

    private readonly BlobContainerClient articles = connection.BlobService().GetBlobContainerClient(names.ArticlesContainer);

    public static string ContentTypeOf(string path) => Path.GetExtension(path).ToLowerInvariant() switch
    {
        ".html" or ".htm" => "text/html",
        ".txt" => "text/plain; charset=utf-8",
        ".json" => "application/json",
        ".xml" => "application/xml",
        _ => "application/octet-stream",
    };

    public async Task<UploadResult> UploadAsync(string path, string blobName, bool submit, CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        var md5 = MD5.HashData(bytes);
        var blob = articles.GetBlobClient(blobName);
        var headers = new BlobHttpHeaders { ContentType = ContentTypeOf(path), ContentHash = md5 };

        // A new name is the common case: create the blob only if it does not exist, in one request. Only a name that is
        // taken costs a look at what it holds.
        var metadata = submit ? new Dictionary<string, string> { [AnnouncedMetadata] = "true" } : null;
        var createdETag = await TryUploadAsync(blob, bytes, headers, metadata, onlyIfNew: true, cancellationToken).ConfigureAwait(false);
        if (createdETag is null)
        {
            // Null when it was deleted between the two requests: uploaded again below.
            var existing = await blob.TryGetPropertiesAsync(cancellationToken).ConfigureAwait(false);
            if (existing?.ContentHash is { } hash && hash.AsSpan().SequenceEqual(md5))
            {
                // Same bytes already there. An earlier drop may have stopped between the upload and its announcement, or
                // the announcement may still be queued: unless the index shows this version ingested, announce it again
                // (ingest is idempotent, so a second announcement costs one cheap check).
                var indexed = await blobIndex.FindAsync(blobName, cancellationToken).ConfigureAwait(false);
                if (!submit || indexed?.IsVersion(existing.ETag.ToString()) == true)
                {
                    return new UploadResult(path, blobName, UploadResult.Unchanged, bytes.Length);
                }

                await channel.SendRawAsync(names.SubmitQueue, new SubmitMessage { Blob = blobName }.ToJson(), cancellationToken).ConfigureAwait(false);
                return new UploadResult(path, blobName, UploadResult.Announced, bytes.Length);
            }

            // Other content under this name: overwrite it, and let ingest read the new version from the blob.
            await TryUploadAsync(blob, bytes, headers, metadata, onlyIfNew: false, cancellationToken).ConfigureAwait(false);
        }

        if (submit)
        {
            // A new small file rides in the announcement with its version, so ingest reads neither the blob nor the index.
            var announcement = createdETag is { } etag && channel.FitsInline(bytes.Length)
                ? new SubmitMessage { Blob = blobName, ContentBase64 = Convert.ToBase64String(bytes), ETag = etag }
                : new SubmitMessage { Blob = blobName };
            await channel.SendRawAsync(names.SubmitQueue, announcement.ToJson(), cancellationToken).ConfigureAwait(false);
        }

        return new UploadResult(path, blobName, UploadResult.Uploaded, bytes.Length);
    }

    /// <summary>Uploads; with <paramref name="onlyIfNew"/>, only when no blob has the name. The new version's ETag, or null when the name was taken.</summary>
    private static async Task<string?> TryUploadAsync(BlobClient blob, byte[] bytes, BlobHttpHeaders headers, Dictionary<string, string>? metadata, bool onlyIfNew, CancellationToken cancellationToken)
    {
        try
        {
            var info = await StorageResilience.RunAsync(
                async ct => await blob.UploadAsync(BinaryData.FromBytes(bytes), new BlobUploadOptions
                {
                    HttpHeaders = headers,
                    Metadata = metadata,
                    Conditions = onlyIfNew ? new BlobRequestConditions { IfNoneMatch = ETag.All } : null,
                }, ct).ConfigureAwait(false),
                cancellationToken).ConfigureAwait(false);
            return info.Value.ETag.ToString();
        }
        catch (RequestFailedException e) when (onlyIfNew && e.Status is 409 or 412)
        {
            return null;
        }
    }

    /// <summary>
    /// Expands files and folders into (path, blob name) pairs: a file keeps its name, a folder's files keep their paths
    /// relative to that folder (with '/' separators). Hidden files are skipped.
    /// </summary>
    public static IReadOnlyList<(string Path, string BlobName)> Expand(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var result = new List<(string, string)>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                var root = Path.GetFullPath(input);
                foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                {
                    var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '/');
                    if (!relative.Split('/').Any(part => part.StartsWith('.')))
                    {
                        result.Add((file, relative));
                    }
                }
            }
            else if (File.Exists(input))
            {
                result.Add((input, Path.GetFileName(input)));
            }
            else
            {
                throw new FileNotFoundException($"No such file or folder: {input}", input);
            }
        }

        return result;
    }
}
