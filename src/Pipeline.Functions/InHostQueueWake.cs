using System.Reflection;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Pipeline.Functions;

/// <summary>
/// Connects the queue extension's output bindings to its own in-host wake-up. The engine is built so that a message a
/// function adds through a <c>[Queue]</c> output binding wakes the listener of that queue in the same host at once
/// (its <c>SharedQueueWatcher</c>), instead of leaving it asleep until its next poll. In the storage queues extension
/// 5.3.10 the bindings reach that watcher through an accessor that nothing in the extension ever sets, so every hop
/// waited for a poll: measured with a 1 s polling interval, a median of ~0.2 s per hop and up to ~0.9 s, and with an
/// 8 s interval, 2–8 s per hop. This points the accessor at the engine's own watcher, once, before the engine starts.
/// Both types are internal to the extension, so they are found by name; if a later version renames them, nothing
/// breaks (hops wait for polls as before), a warning says so, and a test fails.
/// </summary>
internal sealed class InHostQueueWake(IServiceProvider services, ILogger<InHostQueueWake> logger) : IHostedService
{
    private const string CommonNamespace = "Microsoft.Azure.WebJobs.Extensions.Storage.Common";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (Connect(services) is { } problem)
        {
            logger.LogWarning("Queue hops inside this host wait for the next poll instead of waking at once: {Problem}", problem);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Points the output bindings' watcher accessor at the engine's watcher; null when done, else what is missing.</summary>
    public static string? Connect(IServiceProvider services)
    {
        if (Find(services) is not { } parts)
        {
            return $"the queue extension {typeof(QueuesOptions).Assembly.GetName().Version} has no SharedQueueWatcher or bindings' accessor by the expected names";
        }

        if (parts.Value.GetValue(parts.Accessor) is null)
        {
            parts.SetValue.Invoke(parts.Accessor, [parts.Watcher]);
        }

        return null;
    }

    /// <summary>Whether this host's output bindings wake its listeners (the accessor holds the engine's watcher).</summary>
    public static bool IsConnected(IServiceProvider services) =>
        Find(services) is { } parts && ReferenceEquals(parts.Value.GetValue(parts.Accessor), parts.Watcher);

    private static (object Watcher, object Accessor, PropertyInfo Value, MethodInfo SetValue)? Find(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        const BindingFlags Members = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance;
        var extension = typeof(QueuesOptions).Assembly;
        var watcherInterface = extension.GetType(CommonNamespace + ".IMessageEnqueuedWatcher");
        var watcherType = extension.GetType(CommonNamespace + ".Listeners.SharedQueueWatcher");
        var getterDefinition = extension.GetType(CommonNamespace + ".IContextGetter`1");
        if (watcherInterface is null || watcherType is null || getterDefinition is null)
        {
            return null;
        }

        var watcher = services.GetService(watcherType);
        var accessor = services.GetService(getterDefinition.MakeGenericType(watcherInterface));
        var value = accessor?.GetType().GetProperty("Value", Members);
        var setValue = accessor?.GetType().GetMethod("SetValue", Members, [watcherInterface]);
        return watcher is null || accessor is null || value is null || setValue is null ? null : (watcher, accessor, value, setValue);
    }
}
