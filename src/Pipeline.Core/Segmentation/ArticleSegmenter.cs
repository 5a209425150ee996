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
    /// <remarks>
    /// Quotes are top-level direct quotations, marks excluded. A quotation continued over several paragraphs (the
    /// next paragraph reopens it) is one <see cref="Quote"/> whose span runs from its first word to its last, and whose
    /// text joins the quoted parts with <c>"\n\n"</c>, without the continuation marks; otherwise its text is
    /// <c>text[Start..End]</c>. Passages are measured in <see cref="SegmentationOptions.PassageUnit"/>: characters of
    /// the span, or word tokens (letter/digit runs; each CJK ideograph or kana counts as one).
    /// </remarks>
    /// <exception cref="ArgumentOutOfRangeException">
    /// <see cref="SegmentationOptions.PassageSize"/> is below 1, or <see cref="SegmentationOptions.PassageOverlap"/>
    /// is negative or not smaller than the size (options are validated where they are bound; this is a bug).
    /// </exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> (the host's time budget) fired.</exception>
    public static SegmentedArticle Segment(CleanedArticle article, SegmentationOptions options, CancellationToken cancellationToken = default)
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
            cancellationToken.ThrowIfCancellationRequested();
            spans.Clear();
            SentenceSplitter.SplitBlock(text, paragraph.Start, paragraph.End, rules, spans);
            foreach (var (start, end) in spans)
            {
                sentences.Add(new Sentence(sentences.Count, start, end, paragraph.Index, text[start..end]));
            }
        }

        cancellationToken.ThrowIfCancellationRequested();
        var quotes = QuoteFinder.Find(text, paragraphs, sentences);
        cancellationToken.ThrowIfCancellationRequested();
        return new SegmentedArticle
        {
            Cleaned = article,
            Paragraphs = paragraphs,
            Sentences = sentences,
            Quotes = quotes,
            Passages = PassageBuilder.Build(text, sentences, options),
        };
    }
}
