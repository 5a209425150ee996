namespace Pipeline.Core.Classification;

using Pipeline.Core.Articles;

/// <summary>A multi-label topic classifier. Implementations are pure: same input, same output.</summary>
public interface ITopicClassifier
{
    /// <summary>Names the classifier and its version, stored on every result row (e.g. <c>keywords/1</c>).</summary>
    string ModelId { get; }

    /// <summary>Scores the article against the taxonomy; returns labels ordered by descending score.</summary>
    IReadOnlyList<TopicScore> Classify(string title, string text);

    /// <summary>
    /// Whether this classifier can label text in a language (ISO 639-1, or <c>und</c>). The classify stage leaves topics
    /// empty rather than invent them for a language the classifier does not read. Default: every language.
    /// </summary>
    bool Supports(string languageCode) => true;
}
