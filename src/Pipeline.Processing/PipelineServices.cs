using Azure.Core;
using Azure.Identity;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Pipeline.Processing.Stages;
using Pipeline.Storage;

namespace Pipeline.Processing;

/// <summary>
/// The services every host registers the same way: options, storage clients and the stage handlers. The local WebJobs
/// host, the isolated-worker Functions app and the CLI all call <see cref="AddPipelineServices"/>.
/// </summary>
public static class PipelineServices
{
    /// <summary>The setting the trigger engine and our clients read the storage connection string from.</summary>
    public const string StorageSetting = "AzureWebJobsStorage";

    /// <summary>Alternative for our own clients in Azure: the account name, reached with a managed identity.</summary>
    public const string StorageAccountSetting = "Pipeline:StorageAccountName";

    /// <summary>
    /// The settings the trigger attributes of both hosts name (<c>%CleanQueue%</c> etc.), with their values from the one
    /// manifest. The local host adds them to its configuration; the Functions app gets them as app settings (Bicep,
    /// local.settings.json), and a contract test checks all three agree.
    /// </summary>
    public static IReadOnlyDictionary<string, string> TriggerSettings(ResourceNames names)
    {
        ArgumentNullException.ThrowIfNull(names);
        return new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ArticlesContainer"] = names.ArticlesContainer,
            ["SubmitQueue"] = names.SubmitQueue,
            ["CleanQueue"] = names.CleanQueue,
            ["SegmentQueue"] = names.SegmentQueue,
            ["ClassifyQueue"] = names.ClassifyQueue,
        };
    }

    /// <summary>Registers options, storage clients and the stage services (shared by the hosts and the CLI).</summary>
    public static void AddPipelineServices(IServiceCollection services, IConfiguration configuration)
    {
        AddSettings<StageOptions>(services, configuration);
        AddSettings<MessagingOptions>(services, configuration);
        AddSettings<ReconcileOptions>(services, configuration);
        AddSettings<TopicOptions>(services, configuration);
        services.AddSingleton<IValidateOptions<StageOptions>, CrossFieldValidator<StageOptions>>();
        services.AddSingleton<IValidateOptions<TopicOptions>, CrossFieldValidator<TopicOptions>>();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(ResourceNames.Default);
        services.AddSingleton(_ => CreateConnection(configuration));
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<MessagingOptions>>().Value);
        services.AddSingleton<ArticleRows>();
        services.AddSingleton<SharedPartitionWriter>();
        services.AddSingleton<QueryIndexWriter>();
        services.AddSingleton<BlobIndex>();
        services.AddSingleton<ActivityLog>();
        services.AddSingleton<ArticleWriter>();
        services.AddSingleton<ArticleReader>();
        services.AddSingleton<StageChannel>();
        services.AddSingleton<SimilarityIndex>();
        services.AddSingleton<ClusterConvergence>();
        services.AddSingleton<Provisioner>();
        services.AddSingleton<IndexLayoutUpgrade>();
        services.AddSingleton<ArticleUploader>();
        services.AddSingleton<TopicModelStore>();
        services.AddSingleton<TopicClassifierProvider>();
        services.AddSingleton<ArticleIngestor>();
        services.AddSingleton<StageRunner>();
        services.AddSingleton<MissingPayloads>();
        services.AddSingleton<CleanStage>();
        services.AddSingleton<SegmentStage>();
        services.AddSingleton<ClassifyStage>();
        services.AddSingleton<BlobReconciler>();
    }

    /// <summary>
    /// Our own clients: a connection string when there is one, else an account name with a keyless Azure AD credential.
    /// The account may be given the trigger engine's identity-based way (<c>AzureWebJobsStorage__accountName</c>, with
    /// <c>__credential=managedidentity</c> and <c>__clientId</c> for a user-assigned identity), so the Functions app in
    /// Azure needs one set of settings for the triggers and for us.
    /// </summary>
    public static StorageConnection CreateConnection(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var connectionString = configuration[StorageSetting] ?? configuration.GetConnectionString(StorageSetting);
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            return StorageConnection.FromConnectionString(connectionString);
        }

        var account = configuration[StorageAccountSetting];
        if (!string.IsNullOrWhiteSpace(account))
        {
            return StorageConnection.FromAccountName(account);
        }

        var identityBased = configuration.GetSection(StorageSetting);
        if (identityBased["accountName"] is { Length: > 0 } accountName)
        {
            var clientId = identityBased["clientId"];
            var useManagedIdentity = string.Equals(identityBased["credential"], "managedidentity", StringComparison.OrdinalIgnoreCase);
            return StorageConnection.FromAccountName(accountName, useManagedIdentity && !string.IsNullOrWhiteSpace(clientId)
                ? UserAssignedIdentity(clientId)
                : null);
        }

        throw new OptionsValidationException(StorageSetting, typeof(StorageConnection),
            [$"No storage configured: set {StorageSetting} (e.g. \"{StorageConnection.DevelopmentStorage}\" for Azurite) in local.settings.json or the environment."]);
    }

    /// <summary>
    /// The credential of a user-assigned managed identity. Built here because the worker app also references
    /// Azure.Identity (through its Application Insights package), which defines these types a second time beside
    /// Azure.Core; this project sees only one of them.
    /// </summary>
    public static TokenCredential UserAssignedIdentity(string clientId) =>
        new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));

    /// <summary>One concern's options, bound from the shared <c>Pipeline</c> section and checked by range at start-up.</summary>
    private static void AddSettings<T>(IServiceCollection services, IConfiguration configuration)
        where T : class =>
        services.AddOptions<T>()
            .Bind(configuration.GetSection(Settings.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

    /// <summary>Registers a start-up step that creates missing containers, queues and tables; register it before the triggers' host.</summary>
    public static void AddProvisionOnStart(IServiceCollection services) => services.AddHostedService<ProvisionOnStart>();

    /// <summary>
    /// Registers a background step that moves lookup-table rows of the layout before shared partitions into them, and
    /// near-duplicate buckets into their band's partition (see <see cref="IndexLayoutUpgrade"/>); it does not hold up the
    /// triggers, and costs nine empty queries when there is nothing to move.
    /// </summary>
    public static void AddIndexUpgradeOnStart(IServiceCollection services) => services.AddHostedService<IndexUpgradeOnStart>();

    private sealed class IndexUpgradeOnStart(IndexLayoutUpgrade upgrade, ILogger<IndexUpgradeOnStart> logger) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                var moved = await upgrade.RunAsync(stoppingToken).ConfigureAwait(false);
                if (moved > 0)
                {
                    Log.IndexUpgraded(logger, moved);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The rows stay where they were, readable again after the next start's attempt; nothing is lost.
                Log.IndexUpgradeFailed(logger, e);
            }
        }
    }

    /// <summary>Creates missing containers, queues and tables before the triggers start listening.</summary>
    private sealed class ProvisionOnStart(Provisioner provisioner, StorageConnection connection, ILogger<ProvisionOnStart> logger) : IHostedService
    {
        public async Task StartAsync(CancellationToken cancellationToken)
        {
            var created = await provisioner.EnsureAllAsync(cancellationToken).ConfigureAwait(false);
            Log.Provisioned(logger, connection.Describe(), created.Count == 0 ? "nothing missing" : string.Join(", ", created));
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

/// <summary>The cross-field checks of one concern's options, run at start-up with the per-setting ranges.</summary>
internal sealed class CrossFieldValidator<T> : IValidateOptions<T>
    where T : class, ICrossFieldChecked
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.CrossFieldProblems();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
