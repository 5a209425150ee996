namespace Pipeline.Functions;

/// <summary>
/// How long running functions may go on once the host stops: until its shutdown timeout (30 s unless the host's options
/// say otherwise). <see cref="DrainOnStop"/> lets them finish rather than cancelling them at once; a function that is
/// still running when the timeout ends (a stage retrying storage that has gone away, say) is cancelled then, as the engine
/// would have done at once, and its message returns to its queue. Each function shell runs its work under
/// <see cref="Link"/>, which adds that deadline to the engine's own token.
/// </summary>
public sealed class StopGrace : IDisposable
{
    private readonly CancellationTokenSource over = new();

    /// <summary>The engine's token for one invocation, cancelled as well when the grace is over. Dispose it when the invocation ends.</summary>
    public CancellationTokenSource Link(CancellationToken functionToken) =>
        CancellationTokenSource.CreateLinkedTokenSource(functionToken, over.Token);

    /// <summary>Ends the grace: every function still running is cancelled.</summary>
    internal void End() => over.Cancel();

    public void Dispose() => over.Dispose();
}
