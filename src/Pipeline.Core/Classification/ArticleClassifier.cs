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

    public ArticleClassification Classify(SegmentedArticle article)
    {
        ArgumentNullException.ThrowIfNull(article);
        var text = article.Cleaned.Text;
        var entities = EntityExtractor.Extract(article);
        var attribution = SpeakerAttributor.Attribute(article, entities);
        var sketch = MinHasher.Sketch(text, minHashOptions);
        var language = LanguageDetector.Detect(text);
        return new ArticleClassification
        {
            Language = language,
            Topics = topics.Supports(language.Code) ? topics.Classify(article.Cleaned.Metadata.Title ?? string.Empty, text) : [],
            TopicModel = topics.ModelId,
            Sentences = attribution.Sentences,
            Quotes = attribution.Quotes,
            Entities = entities,
            Signature = sketch.Signature,
            ShingleCount = sketch.ShingleCount,
        };
    }
}
