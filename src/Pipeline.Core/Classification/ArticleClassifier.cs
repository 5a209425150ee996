using Pipeline.Core.Articles;
using Pipeline.Core.Classification.Attribution;
using Pipeline.Core.Classification.Duplicates;
using Pipeline.Core.Classification.Entities;
using Pipeline.Core.Classification.Language;

namespace Pipeline.Core.Classification;

/// <summary>
/// The classify stage's pure part: language, topics, entities, sentence roles with speakers, and the MinHash sketch
/// the store uses to find near-duplicates. Thread-safe when the topic classifier is.
/// </summary>
public sealed class ArticleClassifier(ITopicClassifier topics, MinHashOptions? minHash = null)
{
    private readonly MinHashOptions minHashOptions = minHash ?? MinHashOptions.Default;

    /// <summary>Classifies <paramref name="article"/>.</summary>
    /// <param name="article">The segmented article.</param>
    /// <param name="cancellationToken">The host's time budget, checked between the parts of the stage.</param>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired.</exception>
    public ArticleClassification Classify(SegmentedArticle article, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(article);
        var text = article.Cleaned.Text;
        cancellationToken.ThrowIfCancellationRequested();
        var entities = EntityExtractor.Extract(article);
        cancellationToken.ThrowIfCancellationRequested();
        var attribution = SpeakerAttributor.Attribute(article, entities);
        cancellationToken.ThrowIfCancellationRequested();
        var sketch = MinHasher.Sketch(text, minHashOptions);
        cancellationToken.ThrowIfCancellationRequested();
        var language = LanguageDetector.Detect(text);
        cancellationToken.ThrowIfCancellationRequested();
        var topicList = topics.Supports(language.Code) ? topics.Classify(article.Cleaned.Metadata.Title ?? string.Empty, text) : [];
        cancellationToken.ThrowIfCancellationRequested();
        return new ArticleClassification
        {
            Language = language,
            Topics = topicList,
            TopicModel = topics.ModelId,
            Sentences = attribution.Sentences,
            Quotes = attribution.Quotes,
            Entities = entities,
            Signature = sketch.Signature,
            ShingleCount = sketch.ShingleCount,
        };
    }
}
