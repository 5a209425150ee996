namespace Pipeline.Core.Classification.Duplicates;

/// <summary>When two sketches count as the same story.</summary>
public sealed record NearDuplicateOptions
{
    /// <summary>Estimated Jaccard similarity at or above which two texts are near-duplicates. Default 0.5
    /// (a republication with about one word in ten edited keeps roughly 0.6 of its 4-word shingles).</summary>
    public double JaccardThreshold { get; init; } = 0.5;

    /// <summary>Estimated share of the smaller text's shingles found in the larger one. Default 0.7: one outlet's
    /// copy that contains most of another's, with a different lead or extra paragraphs.</summary>
    public double ContainmentThreshold { get; init; } = 0.7;

    /// <summary>Below this many shingles the smaller text is judged on Jaccard only: containment of a headline-sized
    /// text in a long article says nothing. Default 25.</summary>
    public int MinShinglesForContainment { get; init; } = 25;

    public static NearDuplicateOptions Default { get; } = new();
}

/// <summary>How similar two texts are, estimated from their sketches.</summary>
/// <param name="Jaccard">|A ∩ B| / |A ∪ B| of the shingle sets.</param>
/// <param name="Containment">|A ∩ B| / min(|A|, |B|): how much of the smaller text the larger one holds.</param>
public readonly record struct SketchSimilarity(double Jaccard, double Containment)
{
    /// <summary>The larger of the two, the number stored as an article's similarity to its cluster.</summary>
    public double Score => Math.Max(Jaccard, Containment);
}

/// <summary>The near-duplicate decision: Jaccard for copies and light edits, containment for one text inside another.</summary>
public static class NearDuplicateJudge
{
    /// <summary>Estimates Jaccard and containment from two sketches made with the same options.</summary>
    public static SketchSimilarity Compare(MinHashSketch a, MinHashSketch b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var j = MinHasher.EstimateJaccard(a.Signature, b.Signature);
        return new SketchSimilarity(j, Containment(j, a.ShingleCount, b.ShingleCount));
    }

    /// <summary>
    /// Containment from Jaccard and the set sizes: |A ∩ B| = J(|A| + |B|)/(1 + J), divided by the smaller size.
    /// </summary>
    public static double Containment(double jaccard, int sizeA, int sizeB)
    {
        var smaller = Math.Min(sizeA, sizeB);
        if (smaller <= 0 || jaccard <= 0)
        {
            return 0;
        }

        var intersection = jaccard * (sizeA + sizeB) / (1 + jaccard);
        return Math.Clamp(intersection / smaller, 0, 1);
    }

    public static bool IsNearDuplicate(MinHashSketch a, MinHashSketch b, NearDuplicateOptions? options = null) =>
        IsNearDuplicate(Compare(a, b), Math.Min(a.ShingleCount, b.ShingleCount), options);

    public static bool IsNearDuplicate(SketchSimilarity similarity, int smallerShingleCount, NearDuplicateOptions? options = null)
    {
        options ??= NearDuplicateOptions.Default;
        return similarity.Jaccard >= options.JaccardThreshold
            || (smallerShingleCount >= options.MinShinglesForContainment && similarity.Containment >= options.ContainmentThreshold);
    }
}
