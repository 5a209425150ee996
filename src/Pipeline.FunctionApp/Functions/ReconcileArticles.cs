using Microsoft.Azure.Functions.Worker;
using Pipeline.Processing;

namespace Pipeline.FunctionApp.Functions;

/// <summary>
/// Timer trigger: the safety net under Event Grid delivery, which is best effort. Once a minute it announces every blob
/// in the articles container that the blob index does not know at its current version (see <see cref="BlobReconciler"/>).
/// The Functions host runs a timer as a singleton across instances, so scale-out does not multiply the sweeps.
/// </summary>
public sealed class ReconcileArticles(BlobReconciler reconciler)
{
    /// <summary>Every minute, at second 0 (NCRONTAB with seconds, as the timer extension reads it).</summary>
    public const string Schedule = "0 * * * * *";

    [Function(nameof(ReconcileArticles))]
    public Task RunAsync([TimerTrigger(Schedule)] TimerInfo timer, CancellationToken cancellationToken) =>
        reconciler.SweepAsync(cancellationToken);
}
