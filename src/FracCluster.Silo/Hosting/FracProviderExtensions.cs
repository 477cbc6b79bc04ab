using System.Net;
using FracCluster.Contracts;
using FracCluster.Grains.Hosting;
using FracCluster.Silo.Options;
using FracCluster.Storage;
using Orleans.Configuration;

namespace FracCluster.Silo.Hosting;

/// <summary>
/// The provider switch points: one method per concern, one branch per provider. Embedded default: Localhost, Memory,
/// File. Production: AzureTable (the Azure profile, see <see cref="AzureProviderExtensions"/>) or Redis membership, Azure
/// Queue streams, Azure Blob grain state and blobs.
/// </summary>
public static class FracProviderExtensions
{
    public static ISiloBuilder UseFracClustering(this ISiloBuilder silo, FracClusterOptions options, AzureServiceClients? azure = null)
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
                return silo.UseFracAzureTableClustering(options, azure ?? DefaultAzureClients());
            case ClusterProvider.Redis:
                silo.UseRedisClustering(options.ConnectionString!);
                return silo.ConfigureFracEndpoints(options);
            default:
                throw new ProviderNotAvailableException(FracClusterOptions.Section, options.Provider.ToString());
        }
    }

    public static ISiloBuilder AddFracStreams(this ISiloBuilder silo, FracStreamsOptions options, FracClusterOptions? cluster = null, AzureServiceClients? azure = null) => options.Provider switch
    {
        StreamsProvider.Memory => silo.AddFracMemoryStreams(options.QueueCount),
        StreamsProvider.AzureQueue => silo.AddFracAzureQueueStreams(options, cluster ?? new FracClusterOptions(), azure ?? DefaultAzureClients()),
        _ => throw new ProviderNotAvailableException(FracStreamsOptions.Section, options.Provider.ToString()),
    };

    public static ISiloBuilder AddFracGrainStorage(this ISiloBuilder silo, FracStorageOptions options, AzureServiceClients? azure = null)
    {
        switch (options.Provider)
        {
            case StorageProvider.File:
                return silo.AddFracBlobGrainStorage();
            case StorageProvider.AzureBlob:
                return silo.AddFracAzureBlobGrainStorage(options, azure ?? DefaultAzureClients());
            default:
                throw new ProviderNotAvailableException(FracStorageOptions.Section, options.Provider.ToString());
        }
    }

    /// <summary>Reminders (the training coordinator's restart loop, scan recovery): in memory with localhost clustering, Azure Table with AzureTable.</summary>
    public static ISiloBuilder AddFracReminders(this ISiloBuilder silo, FracClusterOptions options, AzureServiceClients? azure = null)
    {
        if (options.Provider == ClusterProvider.Localhost)
            silo.UseInMemoryReminderService();
        else if (options.Provider == ClusterProvider.AzureTable && azure is not null)
            silo.UseFracAzureTableReminders(options, azure);
        return silo;
    }

    public static IServiceCollection AddFracBlobStore(this IServiceCollection services, FracStorageOptions options, FracAzureOptions? azure = null) => options.Provider switch
    {
        StorageProvider.File => services.AddSingleton<IBlobStore>(new FileBlobStore(options.Root)),
        StorageProvider.AzureBlob => services.AddFracAzureBlobStore(options, azure ?? new FracAzureOptions()),
        _ => throw new ProviderNotAvailableException(FracStorageOptions.Section, options.Provider.ToString()),
    };

    /// <summary>Azure clients with the default retry policy, for callers that configure no <c>Frac:Azure</c> section.</summary>
    private static AzureServiceClients DefaultAzureClients() => new(new FracAzureOptions());

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
