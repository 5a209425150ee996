using Pipeline.Core.Articles;

namespace Pipeline.Storage;

/// <summary>
/// The time a host gives one pure stage on one article (<see cref="StageOptions.StageBudgetSeconds"/>), handed to
/// the stage as a cancellation token it checks cooperatively. The timer lives here, with the hosts; the core only sees
/// the token.
/// </summary>
public sealed class StageBudget(TimeSpan perStage, CancellationToken hostToken = default) : IDisposable
{
    private readonly List<CancellationTokenSource> started = [];

    public TimeSpan PerStage { get; } = perStage;

    /// <summary>Starts a stage's budget now: the token fires when the budget runs out or the host stops.</summary>
    /// <param name="stage">The stage's name (for symmetry with <see cref="Run{T}"/>; every stage gets the same budget).</param>
    public CancellationToken Start(string stage)
    {
        ArgumentNullException.ThrowIfNull(stage);
        var source = CancellationTokenSource.CreateLinkedTokenSource(hostToken);
        Arm(source, PerStage);
        started.Add(source);
        return source.Token;
    }

    /// <summary>Runs one pure stage within <paramref name="perStage"/>.</summary>
    /// <exception cref="StageTooComplexException">The budget, not the host, stopped the stage.</exception>
    public static T Run<T>(TimeSpan perStage, string stage, CancellationToken hostToken, Func<CancellationToken, T> run)
    {
        ArgumentNullException.ThrowIfNull(run);
        using var source = CancellationTokenSource.CreateLinkedTokenSource(hostToken);
        Arm(source, perStage);
        try
        {
            return run(source.Token);
        }
        catch (OperationCanceledException e) when (source.IsCancellationRequested && !hostToken.IsCancellationRequested)
        {
            throw new StageTooComplexException(stage, e);
        }
    }

    /// <summary>
    /// A budget under the timer's 1 ms resolution is spent before the stage starts; the timer would fire it at some
    /// moment on another thread, which makes the outcome depend on the scheduler.
    /// </summary>
    private static void Arm(CancellationTokenSource source, TimeSpan budget)
    {
        if (budget < TimeSpan.FromMilliseconds(1))
        {
            source.Cancel();
        }
        else
        {
            source.CancelAfter(budget);
        }
    }

    public void Dispose()
    {
        foreach (var source in started)
        {
            source.Dispose();
        }

        started.Clear();
    }
}

/// <summary>A stage stopped at its time budget: a content outcome (<c>too-complex</c>), recorded once and never retried.</summary>
public sealed class StageTooComplexException : Exception
{
    public StageTooComplexException()
        : this("unknown", null)
    {
    }

    public StageTooComplexException(string message)
        : base(message)
    {
        Stage = "unknown";
    }

    public StageTooComplexException(string message, Exception? innerException)
        : base(message, innerException)
    {
        Stage = "unknown";
    }

    public StageTooComplexException(string stage, OperationCanceledException? innerException)
        : base(Rejection.TooComplex(stage).Reason, innerException)
    {
        Stage = stage;
    }

    /// <summary>The stage that ran out of time.</summary>
    public string Stage { get; }

    /// <summary>The failure to record.</summary>
    public Rejection Rejection => Rejection.TooComplex(Stage);
}
