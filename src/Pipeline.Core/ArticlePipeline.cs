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
    public static ArticleRecord Process(SourceDocument document, ArticlePipelineOptions options, ITopicClassifier topics)
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

        var cleaned = ArticleCleaner.Clean(document, options.Cleaning);
        if (cleaned.Rejection is { } cleanRejection)
        {
            return Failed(id, document.Name, "clean", cleanRejection);
        }

        var segmentation = options.Segmentation with { Language = options.Segmentation.Language ?? cleaned.Value!.Metadata.DeclaredLanguage };
        var segmented = ArticleSegmenter.Segment(cleaned.Value!, segmentation);
        var classification = new ArticleClassifier(topics).Classify(segmented);
        return ArticleRecord.FromStages(id, [document.Name], segmented, classification, clusterId: null, similarity: null);
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
