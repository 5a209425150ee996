using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions;

/// <summary>
/// Lets running functions finish when the host stops, as the Functions host does when it drains an instance. Left to
/// itself, the engine's stop cancels every running function's token: an ingest 100 ms in fails with a stack trace
/// (seen once at the end of <c>pipeline demo</c>), and its message returns to the queue one dequeue closer to poison.
/// In drain mode the queue and blob-trigger listeners stop fetching and wait for what they started instead. A stage is
/// bounded by its own budget (<c>Pipeline__StageBudgetSeconds</c>), so the wait is too. Registered after the engine's
/// hosted service: hosted services stop in reverse order, so this runs before the engine stops its listeners.
/// </summary>
internal sealed class DrainOnStop(IDrainModeManager drainMode, ILogger<DrainOnStop> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        logger.LogInformation("Stopping: no new messages are taken; functions already running are finishing.");
        await drainMode.EnableDrainModeAsync(cancellationToken).ConfigureAwait(false);
    }
}
