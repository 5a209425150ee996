using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Classification.Ml;
using Pipeline.Core.Classification;
using Pipeline.Core.Classification.Topics;
using Pipeline.Storage;

namespace Pipeline.Functions.Processing;

/// <summary>
/// Hands the classify stage its topic classifier: the newest trained ML.NET model in the models container when one
/// exists, else the transparent keyword classifier (default taxonomy plus the user's topics file). Checks for a newer
/// model at most once a minute, so a `pipeline train topics` reaches running hosts without a restart.
/// </summary>
public sealed class TopicClassifierProvider(
    StorageConnection connection,
    ResourceNames names,
    IOptions<PipelineOptions> options,
    TimeProvider clock,
    ILogger<TopicClassifierProvider> logger)
{
    /// <summary>Trained models live under this prefix, one blob per version: <c>topics/&lt;version&gt;.zip</c>.</summary>
    public const string ModelPrefix = "topics/";

    private static readonly TimeSpan RefreshInterval = TimeSpan.FromMinutes(1);
    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly BlobContainerClient models = connection.BlobService().GetBlobContainerClient(names.ModelsContainer);
    private ITopicClassifier? current;
    private string? currentBlob;
    private DateTimeOffset checkedAt = DateTimeOffset.MinValue;

    /// <summary>The keyword classifier over the default taxonomy merged with <paramref name="topicsFile"/>, if given.</summary>
    public static ITopicClassifier CreateKeywordClassifier(string? topicsFile)
    {
        if (topicsFile is null)
        {
            return new KeywordTopicClassifier();
        }

        if (!File.Exists(topicsFile))
        {
            throw new OptionsValidationException("Pipeline:TopicsFile", typeof(PipelineOptions), [$"The topics file {topicsFile} does not exist."]);
        }

        try
        {
            return new KeywordTopicClassifier(Taxonomy.Default.Merge(Taxonomy.Parse(File.ReadAllText(topicsFile))));
        }
        catch (TaxonomyFormatException e)
        {
            throw new OptionsValidationException("Pipeline:TopicsFile", typeof(PipelineOptions), [$"{topicsFile}: {e.Message}"]);
        }
    }

    public async Task<ITopicClassifier> GetAsync(CancellationToken cancellationToken)
    {
        if (current is not null && clock.GetUtcNow() - checkedAt < RefreshInterval)
        {
            return current;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is not null && clock.GetUtcNow() - checkedAt < RefreshInterval)
            {
                return current;
            }

            var newest = await NewestModelAsync(cancellationToken).ConfigureAwait(false);
            var previous = current?.ModelId;
            if (newest is null)
            {
                if (current is null || currentBlob is not null)
                {
                    current = CreateKeywordClassifier(string.IsNullOrWhiteSpace(options.Value.TopicsFile) ? null : options.Value.TopicsFile);
                }

                currentBlob = null;
            }
            else if (newest != currentBlob)
            {
                var content = await StorageResilience.RunAsync(
                    async ct => (await models.GetBlobClient(newest).DownloadContentAsync(ct).ConfigureAwait(false)).Value.Content,
                    cancellationToken).ConfigureAwait(false);
                current = MlTopicClassifier.Load(content.ToArray());
                currentBlob = newest;
            }

            checkedAt = clock.GetUtcNow();
            if (current!.ModelId != previous)
            {
                Log.TopicModel(logger, current.ModelId);
            }

            return current;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Model versions are UTC timestamps, so the greatest name is the newest model.</summary>
    private async Task<string?> NewestModelAsync(CancellationToken cancellationToken)
    {
        string? newest = null;
        try
        {
            await foreach (var blob in models.GetBlobsAsync(BlobTraits.None, BlobStates.None, ModelPrefix, cancellationToken).ConfigureAwait(false))
            {
                if (blob.Name.EndsWith(".zip", StringComparison.Ordinal) && string.CompareOrdinal(blob.Name, newest) > 0)
                {
                    newest = blob.Name;
                }
            }
        }
        catch (Azure.RequestFailedException e) when (e.Status == 404)
        {
            return null; // no models container yet
        }

        return newest;
    }
}
