using FracCluster.Ml.Inference;

namespace FracCluster.Grains.Inference;

/// <summary>
/// Builds the classifier a model grain serves with. The seam between the cluster and the ML core: production wires the
/// TorchSharp inference engine, tests a deterministic fake.
/// </summary>
public interface IBatchClassifierFactory
{
    /// <summary>
    /// Loads <paramref name="checkpoint"/> (a blob key or file path; null for the configured default) on
    /// <paramref name="device"/>. Throws a typed error when the checkpoint cannot be loaded.
    /// </summary>
    Task<IBatchClassifier> CreateAsync(string? checkpoint, string device, CancellationToken cancellationToken);
}
