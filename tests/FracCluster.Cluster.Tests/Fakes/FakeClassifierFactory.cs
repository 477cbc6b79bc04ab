using FracCluster.Grains.Inference;
using FracCluster.Ml.Inference;

namespace FracCluster.Cluster.Tests.Fakes;

/// <summary>The checkpoint name is the model version ("v1" when none is configured).</summary>
public sealed class FakeClassifierFactory(ClassifierProbe probe) : IBatchClassifierFactory
{
    public Task<IBatchClassifier> CreateAsync(string? checkpoint, string device, CancellationToken cancellationToken) =>
        Task.FromResult<IBatchClassifier>(new FakeBatchClassifier(checkpoint ?? "v1", device, probe));
}
