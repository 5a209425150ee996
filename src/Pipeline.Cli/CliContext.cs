using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Pipeline.Processing;
using Pipeline.Processing.Configuration;
using Pipeline.Storage;

namespace Pipeline.Cli;

/// <summary>
/// What storage-facing commands share: configuration read the same way as the host (local.settings.json, then the
/// environment, then <c>--connection</c>/<c>--account</c>), and the same services.
/// </summary>
internal sealed class CliContext : IAsyncDisposable
{
    public static readonly Option<string?> ConnectionOption = new("--connection")
    {
        Description = "Storage connection string (default: AzureWebJobsStorage from local.settings.json or the environment, else Azurite on its default ports).",
        Recursive = true,
    };

    public static readonly Option<string?> AccountOption = new("--account")
    {
        Description = "Storage account name, reached with your Azure identity (az login / managed identity) instead of a connection string.",
        Recursive = true,
    };

    private readonly ServiceProvider services;

    private CliContext(IConfiguration configuration, ServiceProvider services)
    {
        Configuration = configuration;
        this.services = services;
    }

    public IConfiguration Configuration { get; }

    public StorageConnection Connection => services.GetRequiredService<StorageConnection>();

    public ResourceNames Names => services.GetRequiredService<ResourceNames>();

    /// <summary>Articles and the query tables as typed rows.</summary>
    public ArticleReader Reader => services.GetRequiredService<ArticleReader>();

    /// <summary>Which article each blob name holds.</summary>
    public BlobIndex BlobIndex => services.GetRequiredService<BlobIndex>();

    /// <summary>What the pipeline finished lately.</summary>
    public ActivityLog Activity => services.GetRequiredService<ActivityLog>();

    /// <summary>Queue depths and recent activity, as <c>watch</c>, <c>status</c> and the web dashboard read them.</summary>
    public PipelineMonitor Monitor => new(Connection, Names, Activity);

    public T Get<T>()
        where T : notnull => services.GetRequiredService<T>();

    public static IConfiguration BuildConfiguration(ParseResult parseResult)
    {
        var builder = new ConfigurationBuilder()
            .AddLocalSettings(LocalSettings.Locate())
            .AddEnvironmentVariables();
        var overrides = new Dictionary<string, string?>();
        if (parseResult.GetValue(ConnectionOption) is { Length: > 0 } connection)
        {
            overrides[PipelineServices.StorageSetting] = connection;
        }

        if (parseResult.GetValue(AccountOption) is { Length: > 0 } account)
        {
            overrides[PipelineServices.StorageSetting] = null;
            overrides[PipelineServices.StorageAccountSetting] = account;
        }

        var configuration = builder.AddInMemoryCollection(overrides).Build();
        if (string.IsNullOrWhiteSpace(configuration[PipelineServices.StorageSetting]) && string.IsNullOrWhiteSpace(configuration[PipelineServices.StorageAccountSetting]))
        {
            // Nothing configured: the local emulator, as Functions tooling assumes.
            configuration = new ConfigurationBuilder()
                .AddConfiguration(configuration)
                .AddInMemoryCollection(new Dictionary<string, string?> { [PipelineServices.StorageSetting] = StorageConnection.DevelopmentStorage })
                .Build();
        }

        return configuration;
    }

    public static CliContext Create(ParseResult parseResult)
    {
        var configuration = BuildConfiguration(parseResult);
        var services = new ServiceCollection();
        services.AddLogging();
        PipelineServices.AddPipelineServices(services, configuration);
        return new CliContext(configuration, services.BuildServiceProvider());
    }

    public ValueTask DisposeAsync() => services.DisposeAsync();
}
