using Pipeline.Core.Articles;

namespace Pipeline.Core.Classification.Attribution;

/// <summary>The role of every sentence and the speaker of every quote, in the segmenter's order.</summary>
public sealed record AttributionResult(IReadOnlyList<SentenceLabel> Sentences, IReadOnlyList<QuoteAttribution> Quotes);
