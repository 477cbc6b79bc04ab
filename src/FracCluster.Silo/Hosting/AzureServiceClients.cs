using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FracCluster.Silo.Options;

namespace FracCluster.Silo.Hosting;

/// <summary>
/// Azure Storage clients for the Azure profile, from a connection string or, without one, a service URI and the host's
/// managed identity. One retry policy for all of them, short enough that an outage reaches the API (503) in seconds.
/// </summary>
public sealed class AzureServiceClients(FracAzureOptions options)
{
    private readonly Lazy<TokenCredential> _credential = new(() => string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
        ? new ManagedIdentityCredential(ManagedIdentityId.SystemAssigned)
        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId)));

    public TableServiceClient Tables(string? connectionString, string? serviceUri) =>
        !string.IsNullOrWhiteSpace(connectionString)
            ? new TableServiceClient(connectionString, Configure(new TableClientOptions()))
            : new TableServiceClient(new Uri(serviceUri!), _credential.Value, Configure(new TableClientOptions()));

    public BlobServiceClient Blobs(string? connectionString, string? serviceUri) =>
        !string.IsNullOrWhiteSpace(connectionString)
            ? new BlobServiceClient(connectionString, Configure(new BlobClientOptions()))
            : new BlobServiceClient(new Uri(serviceUri!), _credential.Value, Configure(new BlobClientOptions()));

    public QueueServiceClient Queues(string? connectionString, string? serviceUri) =>
        !string.IsNullOrWhiteSpace(connectionString)
            ? new QueueServiceClient(connectionString, Configure(new QueueClientOptions()))
            : new QueueServiceClient(new Uri(serviceUri!), _credential.Value, Configure(new QueueClientOptions()));

    private T Configure<T>(T client) where T : ClientOptions
    {
        client.Retry.Mode = RetryMode.Exponential;
        client.Retry.MaxRetries = options.MaxRetries;
        client.Retry.Delay = TimeSpan.FromMilliseconds(options.RetryDelayMs);
        client.Retry.MaxDelay = TimeSpan.FromSeconds(5);
        client.Retry.NetworkTimeout = TimeSpan.FromSeconds(options.NetworkTimeoutSeconds);
        return client;
    }
}
