using Pipeline.Core.Articles;
using Pipeline.Core.Classification;
using Pipeline.Core.Cleaning;
using Pipeline.Core.Decoding;
using Pipeline.Core.Segmentation;

namespace Pipeline.Core;

/// <summary>
/// The stage sequence, written once: inspect → clean → segment → classify. <see cref="ArticlePipeline"/> runs it in
/// one go (<c>pipeline process</c>, the benchmarks); the hosts run one step per function, with a queue between steps.
/// Every step is pure: bytes or a previous step's output in, the next step's input (or a rejection) out.
/// </summary>
public static class ArticleStages
{
    /// <summary>Step names, as failure records, logs and timings name them.</summary>
    public const string Inspect = "ingest";

    public const string Clean = "clean";

    public const string Segment = "segment";

    public const string Classify = "classify";

    /// <summary>The steps in order.</summary>
    public static IReadOnlyList<string> Sequence { get; } = [Inspect, Clean, Segment, Classify];

    /// <summary>
    /// The inspect step: refuses a file over the size limit (<c>too-large</c>), empty or binary (from its first
    /// bytes), before anything is decoded. The only place content is inspected; the clean step trusts it.
    /// </summary>
    /// <param name="content">The file's bytes (only the head is looked at).</param>
    /// <param name="options">The limits.</param>
    public static Rejection? InspectContent(ReadOnlySpan<byte> content, ArticlePipelineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (content.Length > options.MaxArticleBytes)
        {
            return TooLarge(content.Length, options.MaxArticleBytes);
        }

        return ContentInspector.Inspect(content[..Math.Min(content.Length, ContentInspector.RecommendedHeadLength)], content.Length);
    }

    /// <summary>The rejection of a file over the limit, also when only its length is known (it is never read).</summary>
    public static Rejection TooLarge(long length, long limit) =>
        new("too-large", $"The file is {length:N0} bytes, over the {limit:N0}-byte limit (setting Pipeline__MaxArticleBytes); it was not processed.");

    /// <summary>The clean step on a document <see cref="InspectContent"/> accepted.</summary>
    public static StageOutcome<CleanedArticle> CleanInspected(SourceDocument document, ArticlePipelineOptions options, CancellationToken budget) =>
        ArticleCleaner.CleanInspected(document, (options ?? throw new ArgumentNullException(nameof(options))).Cleaning, budget);

    /// <summary>The segment step; the language the page declares is used unless the options fix one.</summary>
    public static SegmentedArticle SegmentCleaned(CleanedArticle cleaned, ArticlePipelineOptions options, CancellationToken budget)
    {
        ArgumentNullException.ThrowIfNull(cleaned);
        ArgumentNullException.ThrowIfNull(options);
        var segmentation = options.Segmentation with { Language = options.Segmentation.Language ?? cleaned.Metadata.DeclaredLanguage };
        return ArticleSegmenter.Segment(cleaned, segmentation, budget);
    }

    /// <summary>The classify step (near-duplicate clustering needs the store and is the hosts' part).</summary>
    public static ArticleClassification ClassifySegmented(SegmentedArticle segmented, ITopicClassifier topics, CancellationToken budget) =>
        new ArticleClassifier(topics).Classify(segmented, budget);
}
