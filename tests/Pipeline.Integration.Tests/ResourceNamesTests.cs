using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.Azure.WebJobs;
using Pipeline.Cli.Local;
using Pipeline.Functions;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>One manifest of names (infra/local/resources.json) for the code, `pipeline up` and the Bicep; these fail when they drift.</summary>
public sealed class ResourceNamesTests
{
    private static readonly string Root = RepoPaths.FindRoot() ?? throw new InvalidOperationException("Run the tests inside the repository.");

    [Fact]
    public void EmbeddedManifest_EqualsTheInfraFile()
    {
        var onDisk = ResourceNames.Parse(File.ReadAllText(Path.Combine(Root, "infra", "local", "resources.json")));

        Assert.Equal(onDisk.Containers, ResourceNames.Default.Containers);
        Assert.Equal(onDisk.Queues, ResourceNames.Default.Queues);
        Assert.Equal(onDisk.Tables, ResourceNames.Default.Tables);
    }

    [Fact]
    public void Names_AreValidForAzure()
    {
        var names = ResourceNames.Default;
        Assert.All(names.Containers.Concat(names.Queues.Select(ResourceNames.PoisonQueueOf)), n => Assert.Matches("^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$", n));
        Assert.All(names.Tables, n => Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,62}$", n));
    }

    [Fact]
    public void Bicep_LoadsTheManifest_AndHardCodesNoResourceName()
    {
        var infra = Path.Combine(Root, "infra");
        var main = File.ReadAllText(Path.Combine(infra, "main.bicep"));
        Assert.Contains("loadJsonContent('local/resources.json')", main, StringComparison.Ordinal);

        var names = ResourceNames.Default;
        var allNames = names.Containers.Concat(names.Queues).Concat(names.Tables).ToList();
        var bicepFiles = Directory.EnumerateFiles(infra, "*.bicep*", SearchOption.AllDirectories).Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(bicepFiles);
        foreach (var file in bicepFiles)
        {
            var text = File.ReadAllText(file);
            foreach (var name in allNames)
            {
                Assert.False(Regex.IsMatch(text, $"'{Regex.Escape(name)}(-poison)?'"), $"{Path.GetFileName(file)} hard-codes '{name}': read it from the manifest instead.");
            }
        }
    }

    [Fact]
    public void FunctionTriggers_NameTheirQueuesThroughTheManifest()
    {
        var triggers = typeof(FunctionsHost).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods())
            .SelectMany(m => m.GetParameters())
            .Select(p => (Queue: p.GetCustomAttribute<QueueTriggerAttribute>()?.QueueName, Blob: p.GetCustomAttribute<BlobTriggerAttribute>()?.BlobPath))
            .Where(t => t.Queue is not null || t.Blob is not null)
            .ToList();

        Assert.Equal(5, triggers.Count);
        Assert.All(triggers, t => Assert.StartsWith("%", t.Queue ?? t.Blob, StringComparison.Ordinal));
    }
}
