using FracCluster.Contracts;
using FracCluster.Silo.Options;
using FracCluster.Storage;
using Orleans.Configuration;
using Orleans.Providers.Streams.AzureQueue;
using System.Net;

namespace FracCluster.Silo.Hosting;

/// <summary>
/// The Azure profile's providers, one per concern, chosen by the switch points in <see cref="FracProviderExtensions"/>:
/// membership and reminders on Azure Table, grain state on Azure Blob, the <c>scans</c>/<c>results</c> streams (and
/// their pub/sub state) on Azure Queue, image and checkpoint blobs in an Azure Blob container.
/// </summary>
public static class AzureProviderExtensions
{
    /// <summary>Orleans' <see cref="ClusterMembershipOptions"/>, bound as they are named (e.g. <c>Frac__Cluster__Membership__ProbeTimeout=00:00:10</c>).</summary>
    public const string MembershipSection = "Frac:Cluster:Membership";

    public static ISiloBuilder UseFracAzureTableClustering(this ISiloBuilder silo, FracClusterOptions options, AzureServiceClients clients)
    {
        silo.UseAzureStorageClustering(o => o.TableServiceClient = clients.Tables(options.ConnectionString, options.ServiceUri));
        // Failure detection (ProbeTimeout, NumMissedProbesLimit, NumVotesForDeathDeclaration, ...) is tunable as
        // Frac:Cluster:Membership:*; CPU-starved hosts need more patience before a live silo is voted dead.
        silo.Services.Configure<ClusterMembershipOptions>(silo.Configuration.GetSection(MembershipSection));
        // Kubernetes: advertise the pod IP, listen on every interface. Elsewhere the host's own address is advertised.
        if (options.AdvertisedIp is { Length: > 0 } ip)
            silo.ConfigureEndpoints(IPAddress.Parse(ip), options.EffectiveSiloPort, options.EffectiveGatewayPort, listenOnAnyHostAddress: true);
        else
            silo.ConfigureEndpoints(options.EffectiveSiloPort, options.EffectiveGatewayPort, listenOnAnyHostAddress: true);
        return silo;
    }

    /// <summary>Reminders live beside the membership table (same account, table OrleansReminders).</summary>
    public static ISiloBuilder UseFracAzureTableReminders(this ISiloBuilder silo, FracClusterOptions options, AzureServiceClients clients)
    {
        silo.UseAzureTableReminderService(o => o.Configure(r => r.TableServiceClient = clients.Tables(options.ConnectionString, options.ServiceUri)));
        return silo;
    }

    public static ISiloBuilder AddFracAzureBlobGrainStorage(this ISiloBuilder silo, FracStorageOptions options, AzureServiceClients clients)
    {
        // Every provider of the file profile, training included (training runs failed to activate on Azure without it).
        foreach (var name in FracStorageNames.All)
        {
            silo.AddAzureBlobGrainStorage(name, o => o.Configure(b =>
            {
                b.BlobServiceClient = clients.Blobs(options.ConnectionString, options.ServiceUri);
                b.ContainerName = options.GrainStateContainerName;
            }));
        }
        return silo;
    }

    /// <summary>
    /// Azure Queue streams: every produced event is one queue message (64 KiB cap, which is why only scan references
    /// travel). Messages a silo read but never delivered reappear after the visibility timeout when that silo dies.
    /// </summary>
    public static ISiloBuilder AddFracAzureQueueStreams(this ISiloBuilder silo, FracStreamsOptions options, FracClusterOptions cluster, AzureServiceClients clients)
    {
        silo.AddAzureQueueStreams(FracStreams.Provider, configurator =>
        {
            configurator.ConfigureAzureQueue(o => o.Configure(q =>
            {
                q.QueueServiceClient = clients.Queues(options.ConnectionString, options.ServiceUri);
                q.QueueNames = QueueNames(cluster.ServiceId, options.QueueCount);
                q.MessageVisibilityTimeout = TimeSpan.FromSeconds(options.MessageVisibilityTimeoutSeconds);
            }));
            configurator.ConfigurePullingAgent(o => o.Configure(p => p.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(options.PollIntervalMs)));
        });
        return silo;
    }

    public static IServiceCollection AddFracAzureBlobStore(this IServiceCollection services, FracStorageOptions options, FracAzureOptions azure)
    {
        var blobOptions = new BlobStoreOptions
        {
            Provider = BlobStoreProvider.AzureBlob,
            ConnectionString = string.IsNullOrWhiteSpace(options.ConnectionString) ? null : options.ConnectionString,
            ServiceUri = string.IsNullOrWhiteSpace(options.ServiceUri) ? null : new Uri(options.ServiceUri),
            UseManagedIdentity = string.IsNullOrWhiteSpace(options.ConnectionString),
            ManagedIdentityClientId = azure.ManagedIdentityClientId,
            ContainerName = options.ContainerName,
            MaxRetries = azure.MaxRetries,
            RetryDelay = TimeSpan.FromMilliseconds(azure.RetryDelayMs),
            NetworkTimeout = TimeSpan.FromSeconds(azure.NetworkTimeoutSeconds),
        };
        services.AddSingleton<IBlobStore>(sp => BlobStoreFactory.Create(blobOptions, sp.GetRequiredService<ILoggerFactory>()));
        return services;
    }

    /// <summary>
    /// Queue names from the service id (Azure: 3-63 lowercase letters, digits, hyphens), so two deployments with
    /// different service ids in one account never read each other's queues.
    /// </summary>
    public static List<string> QueueNames(string serviceId, int count)
    {
        var prefix = new string([.. serviceId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-')]).Trim('-');
        if (prefix.Length == 0)
            prefix = "fraccluster";
        if (prefix.Length > 40)
            prefix = prefix[..40].TrimEnd('-');
        return [.. Enumerable.Range(0, count).Select(i => $"{prefix}-{FracStreams.Provider}-{i}")];
    }
}
