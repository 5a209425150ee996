using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Pipeline.Cli.Local;

/// <summary>The ports an Azurite instance listens on, and the connection string that reaches them.</summary>
internal sealed record AzuriteEndpoints(int BlobPort, int QueuePort, int TablePort)
{
    /// <summary>Azurite's defaults, which <c>UseDevelopmentStorage=true</c> also means.</summary>
    public static AzuriteEndpoints Default { get; } = new(10000, 10001, 10002);

    // The well-known Azurite development account key (public, documented by Microsoft; not a secret).
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public string ConnectionString => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{QueuePort}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/devstoreaccount1;");

    public bool AllListening() => IsListening(BlobPort) && IsListening(QueuePort) && IsListening(TablePort);

    public static bool IsListening(int port)
    {
        try
        {
            using var client = new TcpClient();
            return client.ConnectAsync(IPAddress.Loopback, port).Wait(TimeSpan.FromMilliseconds(500)) && client.Connected;
        }
        catch (AggregateException)
        {
            return false;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    /// <summary>Three distinct free loopback ports (for tests running their own instance).</summary>
    public static AzuriteEndpoints FreePorts()
    {
        var listeners = Enumerable.Range(0, 3).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToList();
        listeners.ForEach(l => l.Stop());
        return new AzuriteEndpoints(ports[0], ports[1], ports[2]);
    }
}

/// <summary>
/// Starts and stops the Azurite the repo pins in package.json (installed with <c>npm ci</c>), always on 127.0.0.1,
/// with telemetry off and the API version check skipped (the WebJobs storage extension speaks older versions, the
/// newest SDK clients newer ones).
/// </summary>
internal static class AzuriteProcess
{
    /// <summary>The Azurite entry point inside the repo's node_modules; installs it with <c>npm ci</c> if missing.</summary>
    public static string EnsureInstalled(string repoRoot)
    {
        var script = Path.Combine(repoRoot, "node_modules", "azurite", "dist", "src", "azurite.js");
        if (File.Exists(script))
        {
            return script;
        }

        var npm = Process.Start(new ProcessStartInfo("npm", ["ci", "--no-audit", "--no-fund", "--loglevel=error"]) { WorkingDirectory = repoRoot })
            ?? throw new UserErrorException("Could not start npm. Install Node.js 20+ and npm.");
        npm.WaitForExit();
        return npm.ExitCode == 0 && File.Exists(script)
            ? script
            : throw new UserErrorException("`npm ci` failed to install the pinned Azurite; see its output above.");
    }

    public static IReadOnlyList<string> Arguments(string script, AzuriteEndpoints endpoints, string? location, bool inMemory)
    {
        var args = new List<string>
        {
            script,
            "--blobHost", "127.0.0.1", "--blobPort", endpoints.BlobPort.ToString(CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", endpoints.QueuePort.ToString(CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", endpoints.TablePort.ToString(CultureInfo.InvariantCulture),
            "--disableTelemetry", "--skipApiVersionCheck", "--silent",
        };
        // Azurite refuses --location together with --inMemoryPersistence.
        if (inMemory)
        {
            args.Add("--inMemoryPersistence");
        }
        else if (location is not null)
        {
            args.AddRange(["--location", location]);
        }

        return args;
    }

    /// <summary>Starts Azurite detached from this process (it outlives <c>pipeline up</c>); returns its pid.</summary>
    public static int StartDetached(string repoRoot, AzuriteEndpoints endpoints)
    {
        var script = EnsureInstalled(repoRoot);
        var dataDir = Path.Combine(repoRoot, ".azurite");
        Directory.CreateDirectory(dataDir);
        var log = Path.Combine(dataDir, "azurite.log");
        var pidFile = Path.Combine(dataDir, "azurite.pid");
        var quoted = string.Join(' ', Arguments(script, endpoints, dataDir, inMemory: false).Select(Quote));

        // setsid + nohup: a new session, so Ctrl+C in the terminal that ran `up` does not stop it.
        var shell = $"setsid nohup node {quoted} >> {Quote(log)} 2>&1 < /dev/null & echo $! > {Quote(pidFile)}";
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", shell]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not start /bin/sh.");
        process.WaitForExit();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (endpoints.AllListening())
            {
                return ReadPid(pidFile) ?? 0;
            }

            Thread.Sleep(200);
        }

        throw new InfrastructureException($"Azurite did not start listening within 30 s; see {log}.");
    }

    /// <summary>
    /// Stops the Azurite that <c>up</c> started (by its pid file): SIGTERM first, so it closes its servers and saves its
    /// metadata stores (they otherwise autosave only every 5 s, and a hard kill loses writes it had already confirmed),
    /// then a hard kill only if it has not exited within <paramref name="timeout"/>.
    /// </summary>
    public static StopOutcome Stop(string repoRoot, TimeSpan timeout)
    {
        var pidFile = Path.Combine(repoRoot, ".azurite", "azurite.pid");
        if (ReadPid(pidFile) is not int pid)
        {
            return StopOutcome.NotRunning;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return StopGracefully(process, timeout);
        }
        catch (ArgumentException)
        {
            return StopOutcome.NotRunning; // already gone
        }
        finally
        {
            File.Delete(pidFile);
        }
    }

    /// <summary>SIGTERM, wait for the process to exit, and SIGKILL only after <paramref name="timeout"/>.</summary>
    public static StopOutcome StopGracefully(Process process, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(process);
        if (process.HasExited)
        {
            return StopOutcome.NotRunning;
        }

        // .NET's Process.Kill always sends SIGKILL; `kill` sends the polite signal Azurite listens for.
        using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
        {
            term?.WaitForExit(5_000);
        }

        if (process.WaitForExit(timeout))
        {
            return StopOutcome.Graceful;
        }

        process.Kill(entireProcessTree: true);
        process.WaitForExit(10_000);
        return StopOutcome.Killed;
    }

    public static int? RunningPid(string repoRoot)
    {
        if (ReadPid(Path.Combine(repoRoot, ".azurite", "azurite.pid")) is not int pid)
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : pid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    private static int? ReadPid(string pidFile) =>
        File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), CultureInfo.InvariantCulture, out var pid) ? pid : null;

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}

/// <summary>How a stop ended.</summary>
internal enum StopOutcome
{
    /// <summary>Nothing was running.</summary>
    NotRunning,

    /// <summary>It exited by itself after SIGTERM, with its data saved.</summary>
    Graceful,

    /// <summary>It did not exit in time and was killed: writes from its last seconds may be lost.</summary>
    Killed,
}

/// <summary>Storage or a local service is unavailable: exit code 2.</summary>
internal sealed class InfrastructureException(string message) : Exception(message);
