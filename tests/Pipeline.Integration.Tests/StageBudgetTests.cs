using Pipeline.Core.Articles;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>How the hosts tell a stage that ran out of its budget (a content outcome) from a host shutting down (a retry).</summary>
public sealed class StageBudgetTests
{
    [Fact]
    public void Run_BudgetRunsOut_ThrowsTooComplexNamingTheStage()
    {
        var e = Assert.Throws<StageTooComplexException>(() => StageBudget.Run(TimeSpan.Zero, "segment", CancellationToken.None, Spin));

        Assert.Equal("segment", e.Stage);
        Assert.Equal(Rejection.TooComplexCode, e.Rejection.Code);
    }

    [Fact]
    public void Run_HostStops_LetsTheCancellationThrough()
    {
        using var host = new CancellationTokenSource();
        host.Cancel();

        // Shutdown is not the article's fault: the engine must see a cancellation and hand the message back.
        Assert.ThrowsAny<OperationCanceledException>(() => StageBudget.Run(TimeSpan.FromMinutes(5), "clean", host.Token, Spin));
    }

    [Fact]
    public void Run_WithinBudget_ReturnsTheStageResult()
    {
        Assert.Equal(42, StageBudget.Run(TimeSpan.FromMinutes(5), "classify", CancellationToken.None, _ => 42));
    }

    /// <summary>A stage that only ends when its token fires, checking it as the pure stages do.</summary>
    private static int Spin(CancellationToken budget)
    {
        while (true)
        {
            budget.ThrowIfCancellationRequested();
            Thread.Yield();
        }
    }
}
