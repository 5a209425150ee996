namespace Pipeline.Cli.Local;

/// <summary>Finds the repository the CLI runs from (for the pinned Azurite and the sample articles).</summary>
internal static class RepoPaths
{
    /// <summary>The folder holding Pipeline.sln: from PIPELINE_HOME, the current folder, or the binary's location upwards.</summary>
    public static string? FindRoot()
    {
        var home = Environment.GetEnvironmentVariable("PIPELINE_HOME");
        if (!string.IsNullOrWhiteSpace(home) && File.Exists(Path.Combine(home, "Pipeline.sln")))
        {
            return Path.GetFullPath(home);
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Pipeline.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        return null;
    }

    public static string RequireRoot() => FindRoot()
        ?? throw new UserErrorException("Cannot find the Pipeline repository (Pipeline.sln). Run from inside the repo or set PIPELINE_HOME.");
}

/// <summary>A mistake the user can fix; printed without a stack trace, exit code 1.</summary>
internal sealed class UserErrorException(string message) : Exception(message);
