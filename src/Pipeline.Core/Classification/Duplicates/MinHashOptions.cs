namespace Pipeline.Core.Classification.Duplicates;

/// <summary>How texts are shingled, hashed and banded for near-duplicate lookup.</summary>
/// <remarks>
/// Changing any value changes every signature and band key: stored signatures must be recomputed (the band keys
/// carry <see cref="Version"/> so old and new index rows never meet).
/// </remarks>
public sealed record MinHashOptions
{
    /// <summary>Words per shingle. Default 4: one edited word touches at most four shingles, while two different
    /// stories on the same subject share few 4-word sequences beyond stock phrases.</summary>
    public int ShingleSize { get; init; } = 4;

    /// <summary>Hash functions in a signature. Default 128: the Jaccard estimate's standard error is
    /// sqrt(J(1-J)/128), about 0.04 at J = 0.3, small enough to read containment from it.</summary>
    public int HashCount { get; init; } = 128;

    /// <summary>LSH bands (one index lookup and one write each per article, so 2 storage requests per band). Default 10.</summary>
    /// <remarks>
    /// Was 16 until 2026-12-01: 32 of the ~80 storage requests of every article. 10 bands keep every labelled pair of
    /// samples/eval/duplicates.jsonl a candidate (8 lost one of 34) and cost 12 requests fewer. Band keys are numbered
    /// from the first band, so the 10 kept are the old first 10 and rows written before the change are still found.
    /// </remarks>
    public int Bands { get; init; } = 10;

    /// <summary>Signature values per band. Default 2 (bands use the first <c>Bands × RowsPerBand</c> values).</summary>
    /// <remarks>
    /// Probability that two texts with Jaccard similarity s share at least one band: 1 − (1 − s^r)^b.
    /// With r = 2, b = 10 (today) and b = 16 (before):
    /// <code>
    ///   s       0.05   0.10   0.15   0.20   0.25   0.30   0.40   0.50   0.60   0.70
    ///   b = 10  0.02   0.10   0.21   0.34   0.48   0.61   0.83   0.94   0.99   1.00
    ///   b = 16  0.04   0.15   0.31   0.48   0.64   0.78   0.94   0.99   1.00   1.00
    /// </code>
    /// Containment c of the smaller text (size m) in the larger (size n) gives s = c·m / (m + n − c·m). A copy with
    /// c ≥ 0.7 of a text of similar length (m/n ≥ 0.75) has s ≥ 0.41, found with P ≥ 0.85 (was 0.95); a verbatim
    /// copy (c ≈ 1) of any text at least half as long has s ≥ 0.5, P ≥ 0.94 (was 0.99). A story's copies join one
    /// cluster through any of them, so a copy with two earlier copies at s = 0.41 is missed with P ≈ 0.03. Different
    /// stories on one subject share s ≈ 0.00–0.05 of their 4-word shingles (measured on
    /// samples/eval/duplicates.jsonl): P ≤ 0.02; stories that reuse a paragraph of another reach s ≈ 0.1–0.2
    /// (P ≈ 0.10–0.34) and are rejected by
    /// <see cref="NearDuplicateJudge"/> on the full 128-value estimate. r = 3 would drop the
    /// c = 0.7 / similar-length case to P ≈ 0.68 at s = 0.41; r = 1 would make every stock phrase a candidate.
    /// </remarks>
    public int RowsPerBand { get; init; } = 2;

    /// <summary>Seed of the hash family; fixed so signatures are comparable across processes and releases.</summary>
    public ulong Seed { get; init; } = 0x5EED_1A6E_2026_0001UL;

    /// <summary>Prefix of every band key; bump it whenever shingling or hashing changes.</summary>
    public string Version { get; init; } = "m1";

    public static MinHashOptions Default { get; } = new();

    internal void Validate()
    {
        if (ShingleSize < 1 || HashCount < 1 || Bands < 1 || RowsPerBand < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(MinHashOptions), "Shingle size, hash count, bands and rows must be positive.");
        }

        if (Bands * RowsPerBand > HashCount)
        {
            throw new ArgumentOutOfRangeException(nameof(MinHashOptions), $"Bands × rows ({Bands * RowsPerBand}) exceeds the hash count ({HashCount}).");
        }

        foreach (var c in Version)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                throw new ArgumentOutOfRangeException(nameof(MinHashOptions), "The version prefix must be ASCII letters or digits (it goes into table keys).");
            }
        }
    }
}
