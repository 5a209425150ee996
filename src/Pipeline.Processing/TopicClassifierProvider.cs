using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Classification.Ml;
using Pipeline.Core.Classification;
using Pipeline.Core.Classification.Topics;
using Pipeline.Storage;

namespace Pipeline.Processing;

/// <summary>
/// Hands the classify stage its topic classifier: the newest trained ML.NET model in the models container when one
/// exists, else the transparent keyword classifier (default taxonomy plus the user's topics file). Checks for a newer
/// model every <see cref="TopicOptions.ModelRefreshSeconds"/>, so `pipeline train topics` reaches running hosts without a restart.
/// </summary>
public sealed class TopicClassifierProvider(
    TopicModelStore models,
    IOptions<TopicOptions> options,
    TimeProvider clock,
    ILogger<TopicClassifierProvider> logger)
{
    private readonly SemaphoreSlim gate = new(1, 1);
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
            throw new OptionsValidationException("Pipeline:TopicsFile", typeof(TopicOptions), [$"The topics file {topicsFile} does not exist."]);
        }

        try
        {
            return new KeywordTopicClassifier(Taxonomy.Default.Merge(Taxonomy.Parse(File.ReadAllText(topicsFile))));
        }
        catch (TaxonomyFormatException e)
        {
            throw new OptionsValidationException("Pipeline:TopicsFile", typeof(TopicOptions), [$"{topicsFile}: {e.Message}"]);
        }
    }

    public async Task<ITopicClassifier> GetAsync(CancellationToken cancellationToken)
    {
        if (current is not null && clock.GetUtcNow() - checkedAt < TimeSpan.FromSeconds(options.Value.ModelRefreshSeconds))
        {
            return current;
        }

        await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (current is not null && clock.GetUtcNow() - checkedAt < TimeSpan.FromSeconds(options.Value.ModelRefreshSeconds))
            {
                return current;
            }

            var newest = await models.NewestAsync(cancellationToken).ConfigureAwait(false);
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
                var content = await models.DownloadAsync(newest, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"The model {newest} disappeared while loading it.");
                current = MlTopicClassifier.Load(content);
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
}
