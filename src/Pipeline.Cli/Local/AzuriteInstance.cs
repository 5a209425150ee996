using System.Diagnostics;

namespace Pipeline.Cli.Local;

/// <summary>
/// A private, throwaway Azurite: the repo's pinned version, in memory, on free loopback ports, killed on dispose.
/// Used by the integration tests and by <c>bench pipeline</c>, so neither touches the user's data.
/// </summary>
internal sealed class AzuriteInstance : IDisposable
{
    private readonly Process process;
    private readonly string folder;

    private AzuriteInstance(Process process, string folder, AzuriteEndpoints endpoints)
    {
        this.process = process;
        this.folder = folder;
        Endpoints = endpoints;
    }

    public AzuriteEndpoints Endpoints { get; }

    public string ConnectionString => Endpoints.ConnectionString;

    public static AzuriteInstance Start()
    {
        var root = RepoPaths.RequireRoot();
        var script = AzuriteProcess.EnsureInstalled(root);
        var folder = Directory.CreateTempSubdirectory("pipeline-azurite-").FullName;

        // Free ports can be taken by someone else between our probe and Azurite's bind: try a few times.
        for (var attempt = 1; ; attempt++)
        {
            var endpoints = AzuriteEndpoints.FreePorts();
            var start = new ProcessStartInfo("node", AzuriteProcess.Arguments(script, endpoints, location: null, inMemory: true))
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            var process = Process.Start(start) ?? throw new InfrastructureException("Could not start node (Node.js 20+ is required).");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited && !endpoints.AllListening())
            {
                Thread.Sleep(100);
            }

            if (!process.HasExited && endpoints.AllListening())
            {
                return new AzuriteInstance(process, folder, endpoints);
            }

            process.Kill(entireProcessTree: true);
            process.Dispose();
            if (attempt == 3)
            {
                Directory.Delete(folder, recursive: true);
                throw new InfrastructureException("Azurite did not start on free ports after 3 attempts.");
            }
        }
    }

    public void Dispose()
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
        Directory.Delete(folder, recursive: true);
    }
}
