using System.Net;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using FracCluster.Contracts;
using FracCluster.Grains.Hosting;
using FracCluster.Silo.Options;
using FracCluster.Storage;
using Orleans.Configuration;

namespace FracCluster.Silo.Hosting;

/// <summary>
/// The provider switch points: one method per concern, one branch per provider. Embedded default: Localhost, Memory,
/// File. Production: AzureTable or Redis membership, Azure Queue streams, Azure Blob grain state.
/// </summary>
public static class FracProviderExtensions
{
    public static ISiloBuilder UseFracClustering(this ISiloBuilder silo, FracClusterOptions options)
    {
        switch (options.Provider)
        {
            case ClusterProvider.Localhost:
                IPEndPoint? primary = null;
                if (options.PrimarySiloEndpoint is { Length: > 0 } endpoint)
                    primary = IPEndPoint.Parse(endpoint);
                else if (options.SiloIndex > 0)
                    primary = new IPEndPoint(IPAddress.Loopback, options.SiloPort);
                silo.UseLocalhostClustering(options.EffectiveSiloPort, options.EffectiveGatewayPort, primary, options.ServiceId, options.ClusterId);
                return silo;
            case ClusterProvider.AzureTable:
                silo.UseAzureStorageClustering(o => o.TableServiceClient = new TableServiceClient(options.ConnectionString));
                return silo.ConfigureFracEndpoints(options);
            case ClusterProvider.Redis:
                silo.UseRedisClustering(options.ConnectionString!);
                return silo.ConfigureFracEndpoints(options);
            default:
                throw new ProviderNotAvailableException(FracClusterOptions.Section, options.Provider.ToString());
        }
    }

    public static ISiloBuilder AddFracStreams(this ISiloBuilder silo, FracStreamsOptions options, FracClusterOptions cluster)
    {
        switch (options.Provider)
        {
            case StreamsProvider.Memory:
                return silo.AddFracMemoryStreams(options.QueueCount);
            case StreamsProvider.AzureQueue:
                // Queue names: lowercase letters, digits and '-', so derive them from the service id that way.
                var prefix = new string(cluster.ServiceId.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
                silo.AddAzureQueueStreams(FracStreams.Provider, (Microsoft.Extensions.Options.OptionsBuilder<AzureQueueOptions> ob) => ob.Configure(o =>
                {
                    o.QueueServiceClient = new QueueServiceClient(options.ConnectionString);
                    o.QueueNames = Enumerable.Range(0, options.QueueCount).Select(i => $"{prefix}-streams-{i}").ToList();
                }));
                return silo;
            default:
                throw new ProviderNotAvailableException(FracStreamsOptions.Section, options.Provider.ToString());
        }
    }

    public static ISiloBuilder AddFracGrainStorage(this ISiloBuilder silo, FracStorageOptions options)
    {
        switch (options.Provider)
        {
            case StorageProvider.File:
                silo.AddFracBlobGrainStorage(FracStorageNames.Results);
                silo.AddFracBlobGrainStorage(FracStorageNames.PubSub);
                silo.AddFracBlobGrainStorage(FracStorageNames.Training);
                return silo;
            case StorageProvider.AzureBlob:
                foreach (var name in (string[])[FracStorageNames.Results, FracStorageNames.PubSub])
                {
                    silo.Services.AddAzureBlobGrainStorage(name, (AzureBlobStorageOptions o) =>
                    {
                        o.BlobServiceClient = new BlobServiceClient(options.ConnectionString);
                        o.ContainerName = $"{options.ContainerName}-grains";
                    });
                }
                return silo;
            default:
                throw new ProviderNotAvailableException(FracStorageOptions.Section, options.Provider.ToString());
        }
    }

    /// <summary>Reminders (the training coordinator's restart loop): in memory with localhost clustering.</summary>
    public static ISiloBuilder AddFracReminders(this ISiloBuilder silo, FracClusterOptions options)
    {
        if (options.Provider == ClusterProvider.Localhost)
            silo.UseInMemoryReminderService();
        return silo;
    }

    /// <summary>
    /// Image, checkpoint and feature blobs. The Azure Blob store lives with the storage work (FracCluster.Storage's
    /// BlobStoreFactory); wire it here when that lands.
    /// </summary>
    public static IServiceCollection AddFracBlobStore(this IServiceCollection services, FracStorageOptions options) => options.Provider switch
    {
        StorageProvider.File => services.AddSingleton<IBlobStore>(new FileBlobStore(options.Root)),
        _ => throw new ProviderNotAvailableException(FracStorageOptions.Section, options.Provider.ToString()),
    };

    /// <summary>Production endpoints: advertise the pod IP (or the host name's address), listen on every interface.</summary>
    private static ISiloBuilder ConfigureFracEndpoints(this ISiloBuilder silo, FracClusterOptions options)
    {
        if (options.AdvertisedIp is { Length: > 0 } ip)
            silo.ConfigureEndpoints(IPAddress.Parse(ip), options.EffectiveSiloPort, options.EffectiveGatewayPort, listenOnAnyHostAddress: true);
        else
            silo.ConfigureEndpoints(Dns.GetHostName(), options.EffectiveSiloPort, options.EffectiveGatewayPort, listenOnAnyHostAddress: true);
        return silo;
    }
}
