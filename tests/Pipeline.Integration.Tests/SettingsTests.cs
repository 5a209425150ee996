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
        using var provider = ServicesWith(("Pipeline:PassageSize", "300"), ("Pipeline:PassageOverlap", "900"));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<StageOptions>>().Value);
        Assert.Contains("Pipeline:PassageOverlap (900) must be smaller than Pipeline:PassageSize (300)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EachConcernReadsItsSettings_FromTheOnePipelineSection()
    {
        using var provider = ServicesWith(("Pipeline:PassageSize", "700"), ("Pipeline:MaxDequeueCount", "7"), ("Pipeline:ReconcileGraceSeconds", "40"), ("Pipeline:ModelRefreshSeconds", "90"));

        Assert.Equal(700, provider.GetRequiredService<IOptions<StageOptions>>().Value.PassageSize);
        Assert.Equal(7, provider.GetRequiredService<IOptions<MessagingOptions>>().Value.MaxDequeueCount);
        Assert.Equal(40, provider.GetRequiredService<IOptions<ReconcileOptions>>().Value.ReconcileGraceSeconds);
        Assert.Equal(90, provider.GetRequiredService<IOptions<TopicOptions>>().Value.ModelRefreshSeconds);
    }

    [Fact]
    public void AMissingTopicsFile_IsRefusedAtStartUp_NamingTheSetting()
    {
        using var provider = ServicesWith(("Pipeline:TopicsFile", Path.Combine(Path.GetTempPath(), $"no-such-topics-{Guid.NewGuid():N}.json")));

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<TopicOptions>>().Value);
        Assert.Contains("Pipeline:TopicsFile names a file that does not exist", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The services the hosts register, over these settings (and storage that is never reached).</summary>
    private static ServiceProvider ServicesWith(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)).Append(KeyValuePair.Create(PipelineServices.StorageSetting, (string?)"UseDevelopmentStorage=true")))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        PipelineServices.AddPipelineServices(services, configuration);
        return services.BuildServiceProvider();
    }
}
