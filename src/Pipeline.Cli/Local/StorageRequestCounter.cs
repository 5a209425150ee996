using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Pipeline.Cli.Local;

/// <summary>
/// Counts every HTTP request this process sends, per server port, through .NET's <c>System.Net.Http</c> meter: our own
/// storage clients and the trigger engine's alike. Azurite serves blobs, queues and tables on three ports, so the port
/// says which service a request went to. The benchmarks read it; nothing is counted by adding requests.
/// </summary>
internal sealed class StorageRequestCounter : IDisposable
{
    private readonly ConcurrentDictionary<int, long> counts = new();
    private readonly MeterListener listener;

    public StorageRequestCounter()
    {
        listener = new MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (instrument.Meter.Name == "System.Net.Http" && instrument.Name == "http.client.request.duration")
                {
                    l.EnableMeasurementEvents(instrument);
                }
            },
        };
        listener.SetMeasurementEventCallback<double>((_, _, tags, _) =>
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "server.port" && tag.Value is int port)
                {
                    counts.AddOrUpdate(port, 1, (_, n) => n + 1);
                }
            }
        });
        listener.Start();
    }

    /// <summary>Requests sent to <paramref name="port"/> so far.</summary>
    public long this[int port] => counts.GetValueOrDefault(port);

    /// <summary>The counts per port at this moment.</summary>
    public Dictionary<int, long> Snapshot() => new(counts);

    public void Dispose() => listener.Dispose();
}
