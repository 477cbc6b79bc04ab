using FracCluster.Contracts;
using FracCluster.Dicom.Network;
using FracCluster.Grains.Batching;
using FracCluster.Grains.Dicom;
using FracCluster.Grains.Inference;
using FracCluster.Grains.Intake;
using FracCluster.Grains.Models;
using FracCluster.Grains.Options;
using FracCluster.Grains.Placement;
using FracCluster.Grains.Storage;
using FracCluster.Grains.Telemetry;
using FracCluster.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;

namespace FracCluster.Grains.Hosting;

/// <summary>Silo wiring for the serving pipeline: placement, batcher, router, intake, model grains and their options.</summary>
public static class FracGrainsHostingExtensions
{
    /// <summary>
    /// Binds and validates <c>Frac:Batching</c>, <c>Frac:Models</c>, <c>Frac:Intake</c>, <c>Frac:Recovery</c>, <c>Frac:Worklist</c>, <c>Frac:Heatmaps</c>, <c>Frac:Retention</c> and <c>Frac:Dicom</c> (checked at start: a bad
    /// value stops the silo with a message naming the setting).
    /// </summary>
    public static IServiceCollection AddFracServingOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BatchingOptions>().Bind(configuration.GetSection(BatchingOptions.Section)).ValidateOnStart();
        services.AddOptions<ModelsOptions>().Bind(configuration.GetSection(ModelsOptions.Section)).ValidateOnStart();
        services.AddOptions<IntakeOptions>().Bind(configuration.GetSection(IntakeOptions.Section)).ValidateOnStart();
        services.AddOptions<ScanRecoveryOptions>().Bind(configuration.GetSection(ScanRecoveryOptions.Section)).ValidateOnStart();
        services.AddOptions<WorklistOptions>().Bind(configuration.GetSection(WorklistOptions.Section)).ValidateOnStart();
        services.AddOptions<HeatmapServingOptions>().Bind(configuration.GetSection(HeatmapServingOptions.Section)).ValidateOnStart();
        services.AddOptions<RetentionOptions>().Bind(configuration.GetSection(RetentionOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RetentionOptions>, RetentionOptionsValidator>());
        services.AddOptions<DicomOptions>().Bind(configuration.GetSection(DicomOptions.Section)).ValidateOnStart();
        services.AddOptions<DicomListenerOptions>().Bind(configuration.GetSection(DicomListenerOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DicomOptions>, DicomOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DicomListenerOptions>, DicomListenerOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<WorklistOptions>, WorklistOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HeatmapServingOptions>, HeatmapServingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ScanRecoveryOptions>, ScanRecoveryOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BatchingOptions>, BatchingOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ModelsOptions>, ModelsOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IntakeOptions>, IntakeOptionsValidator>());
        return services;
    }

    /// <summary>
    /// The serving pipeline on this silo. Needs an <see cref="IBlobStore"/>, an <c>IBatchClassifierFactory</c>, a
    /// stream provider named <see cref="FracStreams.Provider"/> and grain storage named
    /// <see cref="FracStorageNames.Results"/> and <see cref="FracStorageNames.PubSub"/>.
    /// </summary>
    public static ISiloBuilder AddFracServing(this ISiloBuilder builder)
    {
        builder.AddPlacementDirector<SiloBoundPlacement, SiloBoundPlacementDirector>();
        var services = builder.Services;
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<FracMetrics>();
        services.TryAddSingleton<ScanAdmission>();
        services.TryAddSingleton<ScanIntake>();
        services.TryAddSingleton<ScanRouter>();
        services.TryAddSingleton<BatchDispatcher>();
        services.TryAddSingleton<ScanBatcher>();
        services.TryAddSingleton<ClusterLoadView>();
        services.AddHostedService(sp => sp.GetRequiredService<ScanBatcher>());
        services.TryAddSingleton<LocalModelRegistry>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, ModelGrainStarter>();
        // DICOM: the store SCP (started only with Frac:Dicom:Enabled) and the study exporter.
        services.TryAddSingleton<DicomScanIntakeHandler>();
        services.TryAddSingleton<DicomListenerStarter>();
        services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<DicomListenerStarter>());
        services.TryAddSingleton<DicomStudyExporter>();
        return builder;
    }

    /// <summary>The TorchSharp inference engine as the model grains' classifier, unless another factory is registered first.</summary>
    public static IServiceCollection AddFracEngineClassifier(this IServiceCollection services)
    {
        services.TryAddSingleton<IBatchClassifierFactory, EngineClassifierFactory>();
        return services;
    }

    /// <summary>Grain storage over the blob store (the embedded default: files under the data folder).</summary>
    public static ISiloBuilder AddFracBlobGrainStorage(this ISiloBuilder builder, string name)
    {
        builder.Services.AddGrainStorage(name, (sp, n) => new BlobGrainStorage(n, sp.GetRequiredService<IBlobStore>(), sp.GetRequiredService<Serializer>()));
        return builder;
    }

    /// <summary>
    /// Every grain storage provider the grains use (<see cref="FracStorageNames.All"/>) over the blob store. One list for
    /// the silo, the benches and the test clusters: a provider left out by hand fails its grains only at activation.
    /// </summary>
    public static ISiloBuilder AddFracBlobGrainStorage(this ISiloBuilder builder)
    {
        foreach (var name in FracStorageNames.All)
            builder.AddFracBlobGrainStorage(name);
        return builder;
    }

    /// <summary>In-memory streams (embedded default and tests); events stay small because images travel as blob refs.</summary>
    public static ISiloBuilder AddFracMemoryStreams(this ISiloBuilder builder, int queueCount = 8)
    {
        builder.AddMemoryStreams(FracStreams.Provider, b =>
        {
            b.ConfigurePartitioning(queueCount);
            // The default 100 ms poll would add up to 100 ms to every scan; 10 ms costs little on an idle queue.
            b.ConfigurePullingAgent(o => o.Configure(p => p.GetQueueMsgsTimerPeriod = TimeSpan.FromMilliseconds(10)));
        });
        return builder;
    }
}
