using Pipeline.Core.Articles;
using Pipeline.Core.Classification;
using Pipeline.Core.Cleaning;
using Pipeline.Core.Decoding;
using Pipeline.Core.Segmentation;

namespace Pipeline.Core;

/// <summary>Options of every pure stage, for hosts that run them all at once.</summary>
public sealed record ArticlePipelineOptions
{
    public CleaningOptions Cleaning { get; init; } = CleaningOptions.Default;

    public SegmentationOptions Segmentation { get; init; } = SegmentationOptions.Default;

    /// <summary>Files larger than this are rejected (the functions host applies the same limit at ingest).</summary>
    public long MaxArticleBytes { get; init; } = 10 * 1024 * 1024;

    public static ArticlePipelineOptions Default { get; } = new();
}

/// <summary>
/// The whole <see cref="ArticleStages"/> sequence on one document, in memory, with no storage: what
/// <c>pipeline process</c> runs; the functions run the same steps one per queue hop. Near-duplicate clustering needs
/// the store, so it is left out here.
/// </summary>
public static class ArticlePipeline
{
    /// <param name="document">The file.</param>
    /// <param name="options">Options of every stage.</param>
    /// <param name="topics">The topic classifier.</param>
    /// <param name="stageBudget">
    /// Gives each stage (by name: clean, segment, classify) the token of its time budget, started when asked; a stage
    /// stopped by it makes a failed record with the code <c>too-complex</c>. Null: no budget.
    /// </param>
    public static ArticleRecord Process(SourceDocument document, ArticlePipelineOptions options, ITopicClassifier topics, Func<string, CancellationToken>? stageBudget = null)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(options);
        var id = ArticleId.FromContent(document.Content.Span);
        if (ArticleStages.InspectContent(document.Content.Span, options) is { } rejection)
        {
            return Failed(id, document.Name, ArticleStages.Inspect, rejection);
        }

        var stage = ArticleStages.Clean;
        var budget = stageBudget?.Invoke(stage) ?? CancellationToken.None;
        try
        {
            var cleaned = ArticleStages.CleanInspected(document, options, budget);
            if (cleaned.Rejection is { } cleanRejection)
            {
                return Failed(id, document.Name, stage, cleanRejection);
            }

            stage = ArticleStages.Segment;
            budget = stageBudget?.Invoke(stage) ?? CancellationToken.None;
            var segmented = ArticleStages.SegmentCleaned(cleaned.Value!, options, budget);

            stage = ArticleStages.Classify;
            budget = stageBudget?.Invoke(stage) ?? CancellationToken.None;
            var classification = ArticleStages.ClassifySegmented(segmented, topics, budget);
            return ArticleRecord.FromStages(id, [document.Name], segmented, classification, clusterId: null, similarity: null);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return Failed(id, document.Name, stage, Rejection.TooComplex(stage));
        }
    }

    private static ArticleRecord Failed(string id, string name, string stage, Rejection rejection) => new()
    {
        Id = id,
        Blobs = [name],
        Status = ArticleStatus.Failed,
        Failure = new FailureRecord(stage, rejection.Code, rejection.Reason),
        PipelineVersion = PipelineInfo.Version,
    };
}
