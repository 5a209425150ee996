using Microsoft.Extensions.Logging;

namespace Pipeline.Cli.Local;

/// <summary>
/// Hands a host's structured log events (id and fields) to a callback: how the benchmarks learn that an article was
/// ingested, finished or rejected without making a storage request of their own.
/// </summary>
internal sealed class HostEventSink(Action<int, IReadOnlyList<KeyValuePair<string, object?>>> onEvent) : ILoggerProvider, ILogger
{
    /// <summary>A string field of an event (ArticleId, Blob), or null.</summary>
    public static string? Field(IReadOnlyList<KeyValuePair<string, object?>> fields, string name) =>
        fields.FirstOrDefault(f => f.Key == name).Value as string;

    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (state is IReadOnlyList<KeyValuePair<string, object?>> fields)
        {
            onEvent(eventId.Id, fields);
        }
    }

    public void Dispose()
    {
    }
}
