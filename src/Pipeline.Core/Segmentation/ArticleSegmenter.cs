using Pipeline.Core.Articles;

namespace Pipeline.Core.Segmentation;

/// <summary>The segment stage: paragraphs, sentences, direct quotations and retrieval passages of a cleaned article.</summary>
public static class ArticleSegmenter
{
    /// <summary>
    /// Segments <paramref name="article"/>. Every offset indexes into <see cref="CleanedArticle.Text"/>; sentences are
    /// trimmed, in order, never cross a paragraph, and <c>Text == text[Start..End]</c> for sentences and passages.
    /// An empty text gives empty lists.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="SegmentationOptions.PassageSize"/> is below 1, or <see cref="SegmentationOptions.PassageOverlap"/>
    /// is negative or not smaller than the size (options are validated where they are bound; this is a bug).
    /// </exception>
    public static SegmentedArticle Segment(CleanedArticle article, SegmentationOptions options)
    {
        ArgumentNullException.ThrowIfNull(article);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.PassageSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfNegative(options.PassageOverlap, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(options.PassageOverlap, options.PassageSize, nameof(options));

        var text = article.Text;
        var paragraphs = ParagraphSplitter.Split(text);
        var rules = SentenceSplitter.RulesFor(options.Language);
        var spans = new List<(int Start, int End)>();
        var sentences = new List<Sentence>();
        foreach (var paragraph in paragraphs)
        {
            spans.Clear();
            SentenceSplitter.SplitBlock(text, paragraph.Start, paragraph.End, rules, spans);
            foreach (var (start, end) in spans)
            {
                sentences.Add(new Sentence(sentences.Count, start, end, paragraph.Index, text[start..end]));
            }
        }

        return new SegmentedArticle
        {
            Cleaned = article,
            Paragraphs = paragraphs,
            Sentences = sentences,
            Quotes = QuoteFinder.Find(text, paragraphs, sentences),
            Passages = PassageBuilder.Build(text, sentences, options),
        };
    }
}
