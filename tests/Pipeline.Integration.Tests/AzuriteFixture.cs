using System.Diagnostics;
using Pipeline.Cli.Local;

namespace Pipeline.Integration.Tests;

/// <summary>
/// A real Azurite for the tests: the repo's pinned version, in memory, on free loopback ports, run from a temp folder.
/// Started once per test run and killed at the end.
/// </summary>
internal sealed class AzuriteFixture : IDisposable
{
    private readonly Process process;
    private readonly string folder;

    public AzuriteFixture()
    {
        var root = RepoPaths.FindRoot() ?? throw new InvalidOperationException("Tests must run inside the repository (Pipeline.sln not found).");
        var script = AzuriteProcess.EnsureInstalled(root);
        folder = Directory.CreateTempSubdirectory("pipeline-azurite-").FullName;

        // Free ports can be taken by someone else between our probe and Azurite's bind: try a few times.
        for (var attempt = 1; ; attempt++)
        {
            Endpoints = AzuriteEndpoints.FreePorts();
            var start = new ProcessStartInfo("node", AzuriteProcess.Arguments(script, Endpoints, location: null, inMemory: true))
            {
                WorkingDirectory = folder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node.");
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var deadline = Stopwatch.StartNew();
            while (deadline.Elapsed < TimeSpan.FromSeconds(30) && !process.HasExited && !Endpoints.AllListening())
            {
                Thread.Sleep(100);
            }

            if (!process.HasExited && Endpoints.AllListening())
            {
                return;
            }

            process.Kill(entireProcessTree: true);
            process.Dispose();
            if (attempt == 3)
            {
                throw new InvalidOperationException("Azurite did not start on free ports after 3 attempts.");
            }
        }
    }

    public AzuriteEndpoints Endpoints { get; private set; } = AzuriteEndpoints.Default;

    public string ConnectionString => Endpoints.ConnectionString;

    public void Dispose()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5_000);
        }
        catch (InvalidOperationException)
        {
        }

        process.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}
