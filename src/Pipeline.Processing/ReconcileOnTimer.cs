using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Storage;

namespace Pipeline.Processing;

/// <summary>
/// Runs the reconciliation sweep every <see cref="ReconcileOptions.ReconcileIntervalSeconds"/> in the local host (the
/// Functions app runs the same sweep from a timer trigger). The first sweep runs one interval after start, when the
/// triggers have had their chance at what is already in the container.
/// </summary>
public sealed class ReconcileOnTimer(BlobReconciler reconciler, IOptions<ReconcileOptions> options, TimeProvider clock, ILogger<ReconcileOnTimer> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var seconds = options.Value.ReconcileIntervalSeconds;
        if (seconds == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(seconds), clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
            {
                try
                {
                    await reconciler.SweepAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Storage down (e.g. Azurite restarting): the next tick tries again; nothing is lost meanwhile.
                    Log.ReconcileFailed(logger, e);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
