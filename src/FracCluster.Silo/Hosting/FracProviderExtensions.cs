using FracCluster.Contracts;
using FracCluster.Grains.Hosting;
using FracCluster.Silo.Options;
using FracCluster.Storage;
using System.Net;

namespace FracCluster.Silo.Hosting;

/// <summary>
/// The provider switch points: one method per concern, one branch per provider. The embedded default (Localhost,
/// Memory, File) is complete here; the production providers are wired by the production profile.
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
            default:
                throw new ProviderNotAvailableException(FracClusterOptions.Section, options.Provider.ToString());
        }
    }

    public static ISiloBuilder AddFracStreams(this ISiloBuilder silo, FracStreamsOptions options) => options.Provider switch
    {
        StreamsProvider.Memory => silo.AddFracMemoryStreams(options.QueueCount),
        _ => throw new ProviderNotAvailableException(FracStreamsOptions.Section, options.Provider.ToString()),
    };

    public static ISiloBuilder AddFracGrainStorage(this ISiloBuilder silo, FracStorageOptions options)
    {
        switch (options.Provider)
        {
            case StorageProvider.File:
                silo.AddFracBlobGrainStorage(FracStorageNames.Results);
                silo.AddFracBlobGrainStorage(FracStorageNames.PubSub);
                silo.AddFracBlobGrainStorage(FracStorageNames.Training);
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

    public static IServiceCollection AddFracBlobStore(this IServiceCollection services, FracStorageOptions options) => options.Provider switch
    {
        StorageProvider.File => services.AddSingleton<IBlobStore>(new FileBlobStore(options.Root)),
        _ => throw new ProviderNotAvailableException(FracStorageOptions.Section, options.Provider.ToString()),
    };
}
