using FracCluster.Grains.Training;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Grains.Hosting;

/// <summary>Silo wiring for cluster training: coordinator, workers, run list, watchdog and their options.</summary>
public static class FracTrainingHostingExtensions
{
    /// <summary>Binds and validates <c>Frac:Training</c>.</summary>
    public static IServiceCollection AddFracTrainingOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ClusterTrainingOptions>().Bind(configuration.GetSection(ClusterTrainingOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ClusterTrainingOptions>, ClusterTrainingOptionsValidator>());
        return services;
    }

    /// <summary>
    /// Cluster training on this silo. Needs <see cref="AddFracServing"/> (placement, model registry), an
    /// <see cref="Storage.IBlobStore"/>, grain storage named <c>training</c> and a reminder service.
    /// </summary>
    public static ISiloBuilder AddFracTraining(this ISiloBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<ClusterTrainingOptions>();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<ITrainingProbe, NullTrainingProbe>();
        services.TryAddSingleton<SiloStopping>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloStopping>());
        services.TryAddSingleton<FeatureShardRunner>();
        services.TryAddSingleton<FineTuneReplicas>();
        services.TryAddSingleton<TrainingRunWatchdog>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<TrainingRunWatchdog>());
        return builder;
    }
}
