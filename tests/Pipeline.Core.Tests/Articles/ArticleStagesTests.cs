using System.Text;
using Pipeline.Core;
using Pipeline.Core.Articles;
using Pipeline.Core.Cleaning;

namespace Pipeline.Core.Tests.Articles;

public sealed class ArticleStagesTests
{
    private static readonly byte[] Page = Encoding.UTF8.GetBytes(
        "<html><head><title>Bridge reopens after repairs</title></head><body><article><h1>Bridge reopens after repairs</h1>" +
        "<p>The old river bridge reopened to traffic on Monday after eight months of repairs to its steel deck and railings.</p>" +
        "<p>Engineers said the work had cost less than planned and that the weight limit for lorries would stay in place.</p>" +
        "</article></body></html>");

    [Fact]
    public void TheSequence_IsInspectCleanSegmentClassify()
    {
        Assert.Equal(["ingest", "clean", "segment", "classify"], ArticleStages.Sequence);
    }

    [Fact]
    public void Inspect_RefusesAFileOverTheLimit_NamingTheSetting()
    {
        var options = ArticlePipelineOptions.Default with { MaxArticleBytes = 100 };
        var rejection = ArticleStages.InspectContent(Page, options);
        Assert.NotNull(rejection);
        Assert.Equal("too-large", rejection.Code);
        Assert.Contains("Pipeline__MaxArticleBytes", rejection.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Inspect_RefusesBinaryAndEmptyFiles_AndPassesText()
    {
        Assert.Equal("binary", ArticleStages.InspectContent([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13], ArticlePipelineOptions.Default)?.Code);
        Assert.Equal("empty", ArticleStages.InspectContent([], ArticlePipelineOptions.Default)?.Code);
        Assert.Null(ArticleStages.InspectContent(Page, ArticlePipelineOptions.Default));
    }

    [Fact]
    public void TheStepsOneByOne_GiveWhatTheWholeSequenceGives()
    {
        var document = new SourceDocument("bridge.html", Page);
        var topics = new Pipeline.Core.Classification.Topics.KeywordTopicClassifier();
        var whole = ArticlePipeline.Process(document, ArticlePipelineOptions.Default, topics);

        Assert.Null(ArticleStages.InspectContent(document.Content.Span, ArticlePipelineOptions.Default));
        var cleaned = ArticleStages.CleanInspected(document, ArticlePipelineOptions.Default, CancellationToken.None);
        var segmented = ArticleStages.SegmentCleaned(cleaned.Value!, ArticlePipelineOptions.Default, CancellationToken.None);
        var classified = ArticleStages.ClassifySegmented(segmented, topics, CancellationToken.None);
        var stepwise = ArticleRecord.FromStages(whole.Id, [document.Name], segmented, classified, clusterId: null, similarity: null);

        Assert.Equal(ArticleJson.Serialize(whole with { Timings = null }), ArticleJson.Serialize(stepwise with { Timings = null }));
    }

    [Fact]
    public void Segment_UsesThePassageSettingsItIsGiven()
    {
        var cleaned = ArticleCleaner.Clean(new SourceDocument("bridge.html", Page), CleaningOptions.Default).Value!;
        var small = ArticlePipelineOptions.Default with { Segmentation = ArticlePipelineOptions.Default.Segmentation with { PassageSize = 120, PassageOverlap = 20 } };
        var large = ArticleStages.SegmentCleaned(cleaned, ArticlePipelineOptions.Default, CancellationToken.None);
        var smallPassages = ArticleStages.SegmentCleaned(cleaned, small, CancellationToken.None);
        Assert.True(smallPassages.Passages.Count > large.Passages.Count);
    }
}
