using System.Net.Sockets;
using Azure;
using Polly;
using Polly.Retry;

namespace Pipeline.Storage;

/// <summary>
/// The one retry policy for every storage call the project makes itself. The SDK's own retries are switched off in
/// <see cref="StorageConnection"/> so that attempts are not multiplied.
/// </summary>
public static class StorageResilience
{
    /// <summary>Exponential back-off with jitter, 6 attempts (about 6 s in all): rides out throttling and an Azurite restart.</summary>
    public static ResiliencePipeline Pipeline { get; } = Create(maxRetryAttempts: 5, TimeSpan.FromMilliseconds(200));

    public static ResiliencePipeline Create(int maxRetryAttempts, TimeSpan baseDelay) =>
        new ResiliencePipelineBuilder()
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<Exception>(IsTransient),
                MaxRetryAttempts = maxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = baseDelay,
            })
            .Build();

    /// <summary>Faults worth retrying: throttling, server errors, timeouts and refused connections (status 0).</summary>
    public static bool IsTransient(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 or 408 or 429 or 500 or 502 or 503 or 504 } => true,
        RequestFailedException => false,
        HttpRequestException or SocketException or IOException => true,
        TimeoutException => true,
        _ => false,
    };

    /// <summary>True when storage cannot be reached at all (nothing listening, DNS failure) rather than a request being refused.</summary>
    public static bool IsUnreachable(Exception exception) => exception switch
    {
        RequestFailedException { Status: 0 } => true,
        HttpRequestException or SocketException => true,
        AggregateException aggregate => aggregate.InnerExceptions.Any(IsUnreachable),
        _ => exception.InnerException is not null && IsUnreachable(exception.InnerException),
    };

    public static ValueTask<T> RunAsync<T>(Func<CancellationToken, ValueTask<T>> action, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(action, cancellationToken);

    public static ValueTask RunAsync(Func<CancellationToken, ValueTask> action, CancellationToken cancellationToken) =>
        Pipeline.ExecuteAsync(action, cancellationToken);
}
