using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
// DefaultAzureCredential ships inside Azure.Core 1.6x here; the separate Azure.Identity package would define it twice.
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;

namespace Pipeline.Storage;

/// <summary>
/// How our own v12 clients reach storage: a connection string (Azurite, or an account key), or an account name
/// with a keyless Azure.Identity credential (managed identity in Azure, <c>az login</c> on a workstation).
/// </summary>
public sealed class StorageConnection
{
    /// <summary>The connection string Azurite answers on its default ports.</summary>
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private readonly string? connectionString;
    private readonly string? accountName;
    private readonly TokenCredential? credential;

    private readonly HttpPipelinePolicy? requestPolicy;

    private StorageConnection(string? connectionString, string? accountName, TokenCredential? credential, HttpPipelinePolicy? requestPolicy = null)
    {
        this.connectionString = connectionString;
        this.accountName = accountName;
        this.credential = credential;
        this.requestPolicy = requestPolicy;
    }

    /// <summary>
    /// The same connection with a policy on every table and blob request: how tests count the requests a step makes, or
    /// lose an answer after the service has acted on the request, which no emulator setting does.
    /// </summary>
    internal StorageConnection WithRequestPolicy(HttpPipelinePolicy policy) => new(connectionString, accountName, credential, policy);

    public static StorageConnection FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new StorageConnection(connectionString, null, null);
    }

    public static StorageConnection FromAccountName(string accountName, TokenCredential? credential = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accountName);
        return new StorageConnection(null, accountName, credential ?? new DefaultAzureCredential());
    }

    /// <summary>A short description for logs and <c>status</c>, never containing a key.</summary>
    public string Describe()
    {
        if (accountName is not null)
        {
            return $"account {accountName} (Azure AD identity)";
        }

        var blob = BlobService().Uri;
        return blob.IsLoopback ? $"Azurite at {blob.Host}:{blob.Port}" : $"account {blob.Host.Split('.')[0]} (connection string)";
    }

    public BlobServiceClient BlobService()
    {
        var options = WithTestPolicy(new BlobClientOptions { Retry = { MaxRetries = 0 } });
        return connectionString is not null
            ? new BlobServiceClient(connectionString, options)
            : new BlobServiceClient(new Uri($"https://{accountName}.blob.core.windows.net"), credential, options);
    }

    /// <summary>Queue clients send base64 bodies: the WebJobs 4.x queue trigger poisons plain-text messages.</summary>
    public QueueServiceClient QueueService()
    {
        var options = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64, Retry = { MaxRetries = 0 } };
        return connectionString is not null
            ? new QueueServiceClient(connectionString, options)
            : new QueueServiceClient(new Uri($"https://{accountName}.queue.core.windows.net"), credential, options);
    }

    public TableServiceClient TableService()
    {
        var options = WithTestPolicy(new TableClientOptions { Retry = { MaxRetries = 0 } });
        return connectionString is not null
            ? new TableServiceClient(connectionString, options)
            : new TableServiceClient(new Uri($"https://{accountName}.table.core.windows.net"), credential, options);
    }

    /// <summary>Adds the policy of <see cref="WithRequestPolicy"/>, if any, to a client's options.</summary>
    private T WithTestPolicy<T>(T options) where T : ClientOptions
    {
        if (requestPolicy is not null)
        {
            options.AddPolicy(requestPolicy, HttpPipelinePosition.PerRetry);
        }

        return options;
    }
}
