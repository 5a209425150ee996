using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>Settings that cannot work together are refused when the host starts, with a sentence naming them.</summary>
public sealed class PipelineOptionsTests
{
    [Fact]
    public void APassageOverlapNotSmallerThanThePassage_IsRefused_NamingBothSettings()
    {
        var problems = new PipelineOptions { PassageSize = 500, PassageOverlap = 500 }.CrossFieldProblems();
        var problem = Assert.Single(problems);
        Assert.Contains("Pipeline:PassageOverlap (500)", problem, StringComparison.Ordinal);
        Assert.Contains("Pipeline:PassageSize (500)", problem, StringComparison.Ordinal);
        Assert.Empty(new PipelineOptions().CrossFieldProblems());
    }

    [Fact]
    public void TheServicesTheHostsRegister_RefuseConflictingSettings_AtStartUp()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [PipelineServices.StorageSetting] = "UseDevelopmentStorage=true",
                ["Pipeline:PassageSize"] = "300",
                ["Pipeline:PassageOverlap"] = "900",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        PipelineServices.AddPipelineServices(services, configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<PipelineOptions>>().Value);
        Assert.Contains("Pipeline:PassageOverlap (900) must be smaller than Pipeline:PassageSize (300)", error.Message, StringComparison.Ordinal);
    }
}
