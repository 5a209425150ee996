using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Processing;
using Pipeline.Storage;

namespace Pipeline.Integration.Tests;

/// <summary>
/// The settings of the one <c>Pipeline</c> section, read into one options type per concern; settings that cannot work
/// together are refused when the host starts, with a sentence naming them.
/// </summary>
public sealed class SettingsTests
{
    [Fact]
    public void APassageOverlapNotSmallerThanThePassage_IsRefused_NamingBothSettings()
    {
        var problems = new StageOptions { PassageSize = 500, PassageOverlap = 500 }.CrossFieldProblems();
        var problem = Assert.Single(problems);
        Assert.Contains("Pipeline:PassageOverlap (500)", problem, StringComparison.Ordinal);
        Assert.Contains("Pipeline:PassageSize (500)", problem, StringComparison.Ordinal);
        Assert.Empty(new StageOptions().CrossFieldProblems());
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

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StageOptions>>().Value);
        Assert.Contains("Pipeline:PassageOverlap (900) must be smaller than Pipeline:PassageSize (300)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachConcernReadsItsSettings_FromTheOnePipelineSection()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [PipelineServices.StorageSetting] = "UseDevelopmentStorage=true",
                ["Pipeline:PassageSize"] = "700",
                ["Pipeline:MaxDequeueCount"] = "7",
                ["Pipeline:ReconcileGraceSeconds"] = "40",
                ["Pipeline:ModelRefreshSeconds"] = "90",
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        PipelineServices.AddPipelineServices(services, configuration);
        using var provider = services.BuildServiceProvider();

        Assert.Equal(700, provider.GetRequiredService<IOptions<StageOptions>>().Value.PassageSize);
        Assert.Equal(7, provider.GetRequiredService<IOptions<MessagingOptions>>().Value.MaxDequeueCount);
        Assert.Equal(40, provider.GetRequiredService<IOptions<ReconcileOptions>>().Value.ReconcileGraceSeconds);
        Assert.Equal(90, provider.GetRequiredService<IOptions<TopicOptions>>().Value.ModelRefreshSeconds);
    }

    [Fact]
    public void AMissingTopicsFile_IsRefusedAtStartUp_NamingTheSetting()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [PipelineServices.StorageSetting] = "UseDevelopmentStorage=true",
                ["Pipeline:TopicsFile"] = Path.Combine(Path.GetTempPath(), $"no-such-topics-{Guid.NewGuid():N}.json"),
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        PipelineServices.AddPipelineServices(services, configuration);
        using var provider = services.BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TopicOptions>>().Value);
        Assert.Contains("Pipeline:TopicsFile names a file that does not exist", error.Message, StringComparison.Ordinal);
    }
}
