using Orleans.Concurrency;

namespace FracCluster.Contracts;

/// <summary>
/// One per silo, keyed by the silo address (SiloAddress.ToParsableString()) and activated on that silo: the silo's
/// model grains, admission slots and model swaps, reachable from any silo or client.
/// </summary>
[Alias("frac.ISiloControlGrain")]
public interface ISiloControlGrain : IGrainWithStringKey
{
    /// <summary>The model grains of this silo, one per configured device.</summary>
    [Alias("GetModels")]
    Task<IReadOnlyList<ModelStatus>> GetModelsAsync();

    /// <summary>The model grains of this silo and the scans waiting in its batcher (the router's view of the cluster).</summary>
    [Alias("GetServing")]
    Task<SiloServing> GetServingAsync();

    /// <summary>Loads <paramref name="checkpoint"/> on every local model grain.</summary>
    [Alias("LoadModel"), ResponseTimeout("00:15:00")]
    Task<IReadOnlyList<ModelStatus>> LoadModelAsync(string checkpoint);

    /// <summary>Gives back admission slots of scans this silo accepted that reached a final state.</summary>
    [Alias("ReleaseAdmissions"), OneWay]
    Task ReleaseAdmissionsAsync(int count);

    /// <summary>Scans accepted by this silo not yet final, and the limit.</summary>
    [Alias("GetLoad")]
    Task<SiloLoad> GetLoadAsync();
}
