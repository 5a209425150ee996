using System.Globalization;
using System.Text;

namespace Pipeline.Evaluation.Cleaning;

/// <summary>One page's shingle agreement, already divided by tp + fp + fn as the AEB metric does.</summary>
public readonly record struct ShingleScore(double TruePositive, double FalsePositive, double FalseNegative)
{
    /// <summary>1 when nothing differs (fp = fn = 0), as the reference implementation defines it.</summary>
    public double Precision => FalsePositive == 0 && FalseNegative == 0 ? 1 : TruePositive + FalsePositive == 0 ? 0 : TruePositive / (TruePositive + FalsePositive);

    public double Recall => FalsePositive == 0 && FalseNegative == 0 ? 1 : TruePositive + FalseNegative == 0 ? 0 : TruePositive / (TruePositive + FalseNegative);
}

/// <summary>Aggregate AEB figures: macro precision/recall over pages, F1 of those, and exact-token accuracy.</summary>
public sealed record AebSummary(double F1, double Precision, double Recall, double Accuracy, int Pages);

/// <summary>
/// The article-body-extraction benchmark metric (Zyte's AEB): token 4-gram shingles compared as multisets,
/// macro-averaged over pages. A faithful port: tokens follow Python's <c>re.findall(r"\w+")</c>, not .NET's <c>\w</c>.
/// </summary>
public static class AebMetric
{
    public const int ShingleSize = 4;

    /// <summary>Python's Unicode <c>\w</c>: letters, Nd/Nl/No numbers and underscore; combining marks are NOT word characters.</summary>
    public static bool IsWordRune(Rune rune)
    {
        if (rune.Value == '_')
        {
            return true;
        }

        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
                or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
                or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber => true,
            _ => false,
        };
    }

    public static List<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var start = -1;
        var index = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (IsWordRune(rune))
            {
                if (start < 0)
                {
                    start = index;
                }
            }
            else if (start >= 0)
            {
                tokens.Add(text[start..index]);
                start = -1;
            }

            index += rune.Utf16SequenceLength;
        }

        if (start >= 0)
        {
            tokens.Add(text[start..]);
        }

        return tokens;
    }

    /// <summary>The multiset of token n-grams; a text shorter than n tokens is one shingle; no tokens, no shingles.</summary>
    public static Dictionary<string, int> Shingles(IReadOnlyList<string> tokens, int n = ShingleSize)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        if (tokens.Count == 0)
        {
            return counts;
        }

        var count = Math.Max(1, tokens.Count - n + 1);
        for (var i = 0; i < count; i++)
        {
            // The unit separator cannot occur inside a token, so joined keys are unambiguous.
            var key = string.Join('\u001F', tokens.Skip(i).Take(n));
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        return counts;
    }

    public static ShingleScore Score(string truth, string prediction, int n = ShingleSize)
    {
        var expected = Shingles(Tokenize(truth), n);
        var predicted = Shingles(Tokenize(prediction), n);
        double tp = 0, fp = 0, fn = 0;
        foreach (var (key, trueCount) in expected)
        {
            var predCount = predicted.GetValueOrDefault(key);
            tp += Math.Min(trueCount, predCount);
            fn += Math.Max(0, trueCount - predCount);
        }

        foreach (var (key, predCount) in predicted)
        {
            fp += Math.Max(0, predCount - expected.GetValueOrDefault(key));
        }

        var total = tp + fp + fn;
        return total == 0 ? new ShingleScore(0, 0, 0) : new ShingleScore(tp / total, fp / total, fn / total);
    }

    /// <summary>Exact match of token lists (the benchmark's "accuracy").</summary>
    public static bool TokensEqual(string truth, string prediction) => Tokenize(truth).SequenceEqual(Tokenize(prediction), StringComparer.Ordinal);

    /// <summary>Macro-averages per-page scores; pages with an empty prediction cost recall only.</summary>
    public static AebSummary Summarize(IReadOnlyList<(ShingleScore Score, bool Exact)> pages)
    {
        var precisions = pages.Where(p => p.Score.TruePositive + p.Score.FalsePositive > 0).Select(p => p.Score.Precision).ToList();
        var recalls = pages.Where(p => p.Score.TruePositive + p.Score.FalseNegative > 0).Select(p => p.Score.Recall).ToList();
        var precision = precisions.Count == 0 ? 0 : precisions.Average();
        var recall = recalls.Count == 0 ? 0 : recalls.Average();
        var f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
        var accuracy = pages.Count == 0 ? 0 : pages.Count(p => p.Exact) / (double)pages.Count;
        return new AebSummary(f1, precision, recall, accuracy, pages.Count);
    }
}
