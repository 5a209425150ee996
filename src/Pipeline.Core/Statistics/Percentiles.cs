namespace Pipeline.Core.Statistics;

/// <summary>The one percentile used by every benchmark and live view (CLI and web), so their figures compare.</summary>
public static class Percentiles
{
    /// <summary>
    /// The <paramref name="quantile"/> (0..1) of <paramref name="values"/>, linearly interpolated between the closest
    /// ranks (numpy's default), so small sets give stable figures. 0 for an empty set.
    /// </summary>
    public static double Of(IEnumerable<double> values, double quantile)
    {
        ArgumentNullException.ThrowIfNull(values);
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return 0;
        }

        var position = quantile * (sorted.Length - 1);
        var lower = (int)Math.Floor(position);
        var upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + ((sorted[upper] - sorted[lower]) * (position - lower));
    }
}
