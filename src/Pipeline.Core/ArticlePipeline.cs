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
/// Clean → segment → classify on one document, in memory, with no storage: what <c>pipeline process</c> runs and what
/// the functions run stage by stage. Near-duplicate clustering needs the store, so it is left out here.
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
        if (document.Content.Length > options.MaxArticleBytes)
        {
            return Failed(id, document.Name, "ingest", new Rejection("too-large",
                $"The file is {document.Content.Length:N0} bytes, over the {options.MaxArticleBytes:N0}-byte limit."));
        }

        var head = document.Content.Span[..Math.Min(document.Content.Length, 8192)];
        if (ContentInspector.Inspect(head, document.Content.Length) is { } rejection)
        {
            return Failed(id, document.Name, "ingest", rejection);
        }

        var stage = "clean";
        var budget = stageBudget?.Invoke(stage) ?? CancellationToken.None;
        try
        {
            var cleaned = ArticleCleaner.Clean(document, options.Cleaning, budget);
            if (cleaned.Rejection is { } cleanRejection)
            {
                return Failed(id, document.Name, stage, cleanRejection);
            }

            stage = "segment";
            budget = stageBudget?.Invoke(stage) ?? CancellationToken.None;
            var segmentation = options.Segmentation with { Language = options.Segmentation.Language ?? cleaned.Value!.Metadata.DeclaredLanguage };
            var segmented = ArticleSegmenter.Segment(cleaned.Value!, segmentation, budget);

            stage = "classify";
            budget = stageBudget?.Invoke(stage) ?? CancellationToken.None;
            var classification = new ArticleClassifier(topics).Classify(segmented, budget);
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
