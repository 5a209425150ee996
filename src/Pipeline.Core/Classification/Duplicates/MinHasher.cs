namespace Pipeline.Core.Classification.Duplicates;

/// <summary>A MinHash signature with the number of distinct shingles it summarises (needed to estimate containment).</summary>
public sealed record MinHashSketch(uint[] Signature, int ShingleCount);

/// <summary>
/// MinHash over word shingles of normalised tokens (lower-case letters and digits; apostrophes dropped, so
/// "Iran’s" and "Iran's" agree; every other character separates words). Pure and seeded: the same text gives the
/// same signature in every process.
/// </summary>
public static class MinHasher
{
    private static readonly Lock ParameterLock = new();
    private static (ulong Seed, int Count, ulong[] A, ulong[] B)? _parameters;

    /// <summary>The signature of <paramref name="text"/>: <see cref="MinHashOptions.HashCount"/> minima.</summary>
    /// <remarks>A text without words gets a signature of <see cref="uint.MaxValue"/> values and no band keys.</remarks>
    public static uint[] Signature(string text, MinHashOptions options) => Sketch(text, options).Signature;

    /// <summary>The signature and the number of distinct shingles of <paramref name="text"/>.</summary>
    public static MinHashSketch Sketch(string text, MinHashOptions options)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var shingles = Shingles(text, options.ShingleSize);
        var (a, b) = Parameters(options);
        var signature = new uint[options.HashCount];
        Array.Fill(signature, uint.MaxValue);
        foreach (var x in shingles)
        {
            // Multiply-shift hashing: h_i(x) = high 32 bits of (a_i·x + b_i) mod 2^64, a_i odd. One multiply per
            // function keeps 128 functions over ~1,000 shingles near a tenth of a millisecond.
            for (var i = 0; i < signature.Length; i++)
            {
                var h = (uint)((a[i] * x + b[i]) >> 32);
                if (h < signature[i])
                {
                    signature[i] = h;
                }
            }
        }

        return new MinHashSketch(signature, shingles.Count);
    }

    /// <summary>
    /// One key per LSH band, e.g. <c>m1-03-9f2c41d07a55be10</c>: the version, the band number and a hash of the
    /// band's rows. Keys are ASCII letters, digits and hyphens only (safe as Azure Table keys).
    /// </summary>
    public static IReadOnlyList<string> BandKeys(uint[] signature, MinHashOptions options)
    {
        ArgumentNullException.ThrowIfNull(signature);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (signature.Length < options.Bands * options.RowsPerBand)
        {
            throw new ArgumentException($"The signature has {signature.Length} values; {options.Bands * options.RowsPerBand} are needed.", nameof(signature));
        }

        if (Array.TrueForAll(signature, v => v == uint.MaxValue))
        {
            // Empty texts would all collide in every band.
            return [];
        }

        var keys = new string[options.Bands];
        for (var band = 0; band < options.Bands; band++)
        {
            var h = Mix(options.Seed ^ ((ulong)band << 48));
            for (var row = 0; row < options.RowsPerBand; row++)
            {
                h = Mix(h ^ signature[(band * options.RowsPerBand) + row]);
            }

            keys[band] = $"{options.Version}-{band:D2}-{h:x16}";
        }

        return keys;
    }

    /// <summary>
    /// The band number of a key that <see cref="BandKeys"/> made (3 for <c>m1-03-9f2c41d07a55be10</c>): what the
    /// similarity index groups an article's buckets by.
    /// </summary>
    public static int BandOf(string bandKey)
    {
        ArgumentNullException.ThrowIfNull(bandKey);
        var hashStart = bandKey.LastIndexOf('-');
        var bandStart = hashStart > 0 ? bandKey.LastIndexOf('-', hashStart - 1) : -1;
        if (bandStart < 0
            || !int.TryParse(bandKey.AsSpan(bandStart + 1, hashStart - bandStart - 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var band))
        {
            throw new ArgumentException($"'{bandKey}' is not a band key (version-band-hash).", nameof(bandKey));
        }

        return band;
    }

    /// <summary>The share of positions where both signatures hold the same value: an unbiased Jaccard estimate.</summary>
    public static double EstimateJaccard(uint[] a, uint[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var n = Math.Min(a.Length, b.Length);
        if (n == 0)
        {
            return 0;
        }

        var equal = 0;
        var empty = 0;
        for (var i = 0; i < n; i++)
        {
            if (a[i] == b[i])
            {
                if (a[i] == uint.MaxValue)
                {
                    empty++;
                }
                else
                {
                    equal++;
                }
            }
        }

        // Two empty texts are not duplicates of each other.
        return empty == n ? 0 : (double)equal / n;
    }

    /// <summary>The distinct shingle hashes of the text (64-bit, seeded-independent).</summary>
    internal static HashSet<ulong> Shingles(string text, int size)
    {
        var words = WordHashes(text);
        var set = new HashSet<ulong>(Math.Max(1, words.Count));
        if (words.Count == 0)
        {
            return set;
        }

        if (words.Count < size)
        {
            set.Add(Combine(words, 0, words.Count));
            return set;
        }

        for (var i = 0; i + size <= words.Count; i++)
        {
            set.Add(Combine(words, i, size));
        }

        return set;
    }

    private static ulong Combine(List<ulong> words, int start, int count)
    {
        var h = 0x9E37_79B9_7F4A_7C15UL;
        for (var k = 0; k < count; k++)
        {
            h = Mix(h ^ words[start + k]) + (ulong)k;
        }

        return Mix(h);
    }

    private static List<ulong> WordHashes(string text)
    {
        var words = new List<ulong>(text.Length / 6);
        var h = 0xCBF2_9CE4_8422_2325UL;
        var inWord = false;
        foreach (var raw in text)
        {
            if (char.IsLetterOrDigit(raw))
            {
                var c = char.ToLowerInvariant(raw);
                h = (h ^ c) * 0x0000_0100_0000_01B3UL;
                inWord = true;
            }
            else if (raw is '\'' or '\u2019' && inWord)
            {
                // Dropped inside words: "Iran’s" == "Irans" == "Iran's".
            }
            else if (inWord)
            {
                words.Add(h);
                h = 0xCBF2_9CE4_8422_2325UL;
                inWord = false;
            }
        }

        if (inWord)
        {
            words.Add(h);
        }

        return words;
    }

    private static (ulong[] A, ulong[] B) Parameters(MinHashOptions options)
    {
        var cached = _parameters;
        if (cached is { } p && p.Seed == options.Seed && p.Count == options.HashCount)
        {
            return (p.A, p.B);
        }

        var a = new ulong[options.HashCount];
        var b = new ulong[options.HashCount];
        var state = options.Seed;
        for (var i = 0; i < a.Length; i++)
        {
            a[i] = SplitMix(ref state) | 1UL;
            b[i] = SplitMix(ref state);
        }

        lock (ParameterLock)
        {
            _parameters = (options.Seed, options.HashCount, a, b);
        }

        return (a, b);
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E37_79B9_7F4A_7C15UL;
        return Mix(state);
    }

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }
}
