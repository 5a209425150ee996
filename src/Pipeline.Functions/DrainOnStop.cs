using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions;

/// <summary>
/// Lets running functions finish when the host stops, as the Functions host does when it drains an instance. Left to
/// itself, the engine's stop cancels every running function's token: an ingest 100 ms in fails with a stack trace
/// (seen once at the end of <c>pipeline demo</c>), and its message returns to the queue one dequeue closer to poison.
/// In drain mode the queue and blob-trigger listeners stop fetching and wait for what they started instead. The wait
/// ends with the host's shutdown timeout: whatever still runs then is cancelled (<see cref="StopGrace"/>). Registered
/// after the engine's hosted service: hosted services stop in reverse order, so this runs before the engine stops its
/// listeners.
/// </summary>
internal sealed class DrainOnStop(IDrainModeManager drainMode, StopGrace grace, ILogger<DrainOnStop> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Stopping: no new messages are taken; functions already running are finishing.");

        // Not the stop token: the listeners would take it as leave to abandon completing the messages of finished runs.
        var drained = drainMode.EnableDrainModeAsync(CancellationToken.None);
        try
        {
            await drained.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("The shutdown timeout is over: functions still running are cancelled, and their messages return to their queues.");
            grace.End();
            await drained.ConfigureAwait(false);
        }
    }
}
