using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.RegularExpressions;

namespace Pipeline.Cli.Local;

/// <summary>
/// Counts every HTTP request this process sends, per server port, through .NET's <c>System.Net.Http</c> meter: our own
/// storage clients and the trigger engine's alike. Azurite serves blobs, queues and tables on three ports, so the port
/// says which service a request went to. The benchmarks read it; nothing is counted by adding requests.
/// With <c>byOperation</c> it also names each request (service, verb, resource) from HttpClient's own activity, so a
/// benchmark can say where the requests go, not only how many there are.
/// </summary>
internal sealed partial class StorageRequestCounter : IDisposable
{
    private readonly ConcurrentDictionary<int, long> counts = new();
    private readonly ConcurrentDictionary<string, long> operations = new(StringComparer.Ordinal);
    private readonly MeterListener listener;
    private readonly ActivityListener? activities;

    public StorageRequestCounter(bool byOperation = false)
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

        if (byOperation)
        {
            // HttpClient redacts query strings in its telemetry by default; the "comp=" part says what a blob request
            // does (lease, metadata, list), so the benchmark process turns the redaction off for itself.
            AppContext.SetSwitch("System.Net.Http.DisableUriRedaction", true);
            activities = new ActivityListener
            {
                ShouldListenTo = source => source.Name == "System.Net.Http",
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity =>
                {
                    if (activity.GetTagItem("url.full") is string url && Uri.TryCreate(url, UriKind.Absolute, out var uri))
                    {
                        var method = activity.GetTagItem("http.request.method") as string ?? "?";
                        operations.AddOrUpdate($"{uri.Port}|{Describe(method, uri)}", 1, (_, n) => n + 1);
                    }
                },
            };
            ActivitySource.AddActivityListener(activities);
        }
    }

    /// <summary>Requests sent to <paramref name="port"/> so far.</summary>
    public long this[int port] => counts.GetValueOrDefault(port);

    /// <summary>The counts per port at this moment.</summary>
    public Dictionary<int, long> Snapshot() => new(counts);

    /// <summary>Requests per "port|verb resource" so far (empty unless counting by operation).</summary>
    public Dictionary<string, long> Operations() => new(operations, StringComparer.Ordinal);

    /// <summary>
    /// A request's kind without its keys: the table, queue or container and what was done to it, e.g.
    /// <c>GET signatures() query</c>, <c>PUT articles(key)</c>, <c>DELETE clean/messages/id</c>.
    /// </summary>
    internal static string Describe(string method, Uri uri)
    {
        var segments = uri.AbsolutePath.Trim('/').Split('/', 3); // account, resource, rest
        var resource = segments.Length > 1 ? Uri.UnescapeDataString(segments[1]) : string.Empty;
        var query = uri.Query;
        if (TableKey().Match(resource) is { Success: true } keyed)
        {
            return $"{method} {keyed.Groups[1].Value}({(keyed.Groups[2].Value.Length == 0 ? ") query" : "key)")}";
        }

        if (segments.Length > 2)
        {
            var rest = segments[2];
            if (rest.StartsWith("messages", StringComparison.Ordinal))
            {
                return $"{method} {resource}/{(rest.Contains('/', StringComparison.Ordinal) ? "messages/id" : "messages")}";
            }

            return $"{method} {resource}/blob{(query.Contains("comp=", StringComparison.Ordinal) ? " " + CompOf(query) : string.Empty)}";
        }

        return $"{method} {resource}{(query.Contains("comp=", StringComparison.Ordinal) ? " " + CompOf(query) : string.Empty)}";
    }

    private static string CompOf(string query) =>
        query.TrimStart('?').Split('&').FirstOrDefault(p => p.StartsWith("comp=", StringComparison.Ordinal)) ?? string.Empty;

    [GeneratedRegex(@"^([^()]+)\((.*)\)$")]
    private static partial Regex TableKey();

    public void Dispose()
    {
        listener.Dispose();
        activities?.Dispose();
    }
}
