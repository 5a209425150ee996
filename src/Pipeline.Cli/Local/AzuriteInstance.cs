using System.Diagnostics;

namespace Pipeline.Cli.Local;

/// <summary>
/// A private, throwaway Azurite: the repo's pinned version on free loopback ports, in memory or with its data in a temp
/// folder (<c>bench chaos</c> stops and restarts it on the same data), deleted on dispose. Used by the integration
/// tests and the benchmarks, so none of them touches the user's data.
/// </summary>
internal sealed class AzuriteInstance : IDisposable
{
    private readonly string script;
    private readonly string folder;
    private readonly bool onDisk;
    private Process? process;

    private AzuriteInstance(string script, string folder, bool onDisk, AzuriteEndpoints endpoints)
    {
        this.script = script;
        this.folder = folder;
        this.onDisk = onDisk;
        Endpoints = endpoints;
    }

    public AzuriteEndpoints Endpoints { get; private set; }

    public string ConnectionString => Endpoints.ConnectionString;

    /// <summary>The CPU time Azurite's process has used so far (<c>bench idle</c> reports it per second).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            var running = process ?? throw new InvalidOperationException("Azurite is not running.");
            running.Refresh();
            return running.TotalProcessorTime;
        }
    }

    /// <param name="onDisk">Keep the data in a temp folder, as <c>pipeline up</c> does (slower per request than memory).</param>
    public static AzuriteInstance Start(bool onDisk = false)
    {
        var root = RepoPaths.RequireRoot();
        var script = AzuriteProcess.EnsureInstalled(root);
        var folder = Directory.CreateTempSubdirectory("pipeline-azurite-").FullName;

        // Free ports can be taken by someone else between our probe and Azurite's bind: try a few times.
        for (var attempt = 1; ; attempt++)
        {
            var instance = new AzuriteInstance(script, folder, onDisk, AzuriteEndpoints.FreePorts());
            if (instance.TryLaunch())
            {
                return instance;
            }

            if (attempt == 3)
            {
                Directory.Delete(folder, recursive: true);
                throw new InfrastructureException("Azurite did not start on free ports after 3 attempts.");
            }
        }
    }

    /// <summary>Stops it the way <c>pipeline down</c> does (SIGTERM, then a kill only after the timeout).</summary>
    public StopOutcome Stop(TimeSpan timeout)
    {
        if (process is null)
        {
            return StopOutcome.NotRunning;
        }

        var outcome = AzuriteProcess.StopGracefully(process, timeout);
        process.Dispose();
        process = null;
        return outcome;
    }

    /// <summary>Starts it again on the same ports and, when on disk, the same data.</summary>
    public void Restart()
    {
        if (process is not null)
        {
            throw new InvalidOperationException("Azurite is still running.");
        }

        if (!TryLaunch())
        {
            throw new InfrastructureException($"Azurite did not start again on ports {Endpoints.BlobPort}-{Endpoints.TablePort}.");
        }
    }

    private bool TryLaunch()
    {
        var location = onDisk ? Path.Combine(folder, "data") : null;
        var start = new ProcessStartInfo("node", AzuriteProcess.Arguments(script, Endpoints, location, inMemory: !onDisk))
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var started = Process.Start(start) ?? throw new InfrastructureException("Could not start node (Node.js 20+ is required).");
        started.OutputDataReceived += (_, _) => { };
        started.ErrorDataReceived += (_, _) => { };
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();

        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(30) && !started.HasExited && !Endpoints.AllListening())
        {
            Thread.Sleep(100);
        }

        if (!started.HasExited && Endpoints.AllListening())
        {
            process = started;
            return true;
        }

        started.Kill(entireProcessTree: true);
        started.Dispose();
        return false;
    }

    public void Dispose()
    {
        if (process is not null)
        {
            try
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(5_000);
            }
            catch (InvalidOperationException)
            {
                // already exited
            }

            process.Dispose();
        }

        Directory.Delete(folder, recursive: true);
    }
}
