using FracCluster.Contracts;
using FracCluster.Grains.Hosting;
using FracCluster.Silo.Options;
using FracCluster.Storage;
using System.Net;

namespace FracCluster.Silo.Hosting;

/// <summary>
/// The provider switch points: one method per concern, one branch per provider. The embedded default (Localhost,
/// Memory, File) is complete here; the Azure profile's branches call <see cref="AzureProviderExtensions"/>.
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
            case ClusterProvider.AzureTable when azure is not null:
                return silo.UseFracAzureTableClustering(options, azure);
            default:
                throw new ProviderNotAvailableException(FracClusterOptions.Section, options.Provider.ToString());
        }
    }

    public static ISiloBuilder AddFracStreams(this ISiloBuilder silo, FracStreamsOptions options, FracClusterOptions? cluster = null, AzureServiceClients? azure = null) => options.Provider switch
    {
        StreamsProvider.Memory => silo.AddFracMemoryStreams(options.QueueCount),
        StreamsProvider.AzureQueue when azure is not null && cluster is not null => silo.AddFracAzureQueueStreams(options, cluster, azure),
        _ => throw new ProviderNotAvailableException(FracStreamsOptions.Section, options.Provider.ToString()),
    };

    public static ISiloBuilder AddFracGrainStorage(this ISiloBuilder silo, FracStorageOptions options, AzureServiceClients? azure = null)
    {
        switch (options.Provider)
        {
            case StorageProvider.File:
                silo.AddFracBlobGrainStorage(FracStorageNames.Results);
                silo.AddFracBlobGrainStorage(FracStorageNames.PubSub);
                return silo;
            case StorageProvider.AzureBlob when azure is not null:
                return silo.AddFracAzureBlobGrainStorage(options, azure);
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
}
