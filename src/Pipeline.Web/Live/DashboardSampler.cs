using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Pipeline.Storage;

namespace Pipeline.Web.Live;

/// <summary>
/// Reads the pipeline's live state on a fixed interval, once for all open dashboards: each browser's live stream
/// sends the latest snapshot instead of querying storage itself, so ten open tabs cost what one does.
/// </summary>
public sealed partial class DashboardSampler(PipelineMonitor monitor, ThroughputHistory history, TimeProvider time, WebViewSettings settings, ILogger<DashboardSampler> logger)
    : BackgroundService
{
    /// <summary>Activity read at start to fill the chart's window; more than this many articles in 15 minutes are not all drawn.</summary>
    public const int MaxBackfillLines = 20_000;

    private ActivitySnapshot? latest;
    private DateTimeOffset lastActivityRead;

    /// <summary>The most recent snapshot, or null before the first read succeeded.</summary>
    public ActivitySnapshot? Latest => Volatile.Read(ref latest);

    /// <summary>The last read error as one line for the page (null when the last read worked). Never holds a key: storage errors name endpoints only.</summary>
    public string? LastError { get; private set; }

    public ThroughputHistory History => history;

    /// <summary>Takes one snapshot now and folds it into the history (also what the first page view uses before the loop ran).</summary>
    public async Task<ActivitySnapshot> SampleAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var since = lastActivityRead == default ? now - history.Window : lastActivityRead - TimeSpan.FromSeconds(10);
        var activity = await monitor.ActivitySinceAsync(now, since, lastActivityRead == default ? MaxBackfillLines : 5_000, cancellationToken).ConfigureAwait(false);
        var snapshot = await monitor.TakeSnapshotAsync(now, cancellationToken).ConfigureAwait(false);
        history.AddActivity(activity, now);
        history.AddDepth(now, snapshot.Queues.Sum(q => q.Messages), snapshot.Queues.Sum(q => q.Poison));
        lastActivityRead = now;
        Volatile.Write(ref latest, snapshot);
        LastError = null;
        return snapshot;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                LastError = WebErrors.Describe(e);
                LogSampleFailed(logger, LastError);
            }

            try
            {
                await Task.Delay(settings.RefreshInterval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard read failed: {Reason}")]
    private static partial void LogSampleFailed(ILogger logger, string reason);
}
