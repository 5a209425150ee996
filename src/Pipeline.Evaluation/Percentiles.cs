namespace Pipeline.Evaluation;

/// <summary>
/// The benchmarks' name for <see cref="Core.Statistics.Percentiles"/>: the computation moved to the core so the storage
/// layer's live views (watch, the web dashboard) share it; benchmark code keeps calling it here.
/// </summary>
public static class Percentiles
{
    /// <inheritdoc cref="Core.Statistics.Percentiles.Of"/>
    public static double Of(IEnumerable<double> values, double quantile) => Core.Statistics.Percentiles.Of(values, quantile);
}
