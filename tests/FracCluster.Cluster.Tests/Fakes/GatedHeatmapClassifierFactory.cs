using FracCluster.Grains.Inference;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Inference;

namespace FracCluster.Cluster.Tests.Fakes;

/// <summary>The fake classifier, plus heatmaps that never finish or fail as <see cref="HeatmapGate"/> says.</summary>
public sealed class GatedHeatmapClassifierFactory(ClassifierProbe probe, HeatmapGate gate) : IBatchClassifierFactory
{
    public Task<IBatchClassifier> CreateAsync(string? checkpoint, string device, CancellationToken cancellationToken) =>
        Task.FromResult<IBatchClassifier>(new GatedHeatmapClassifier(new FakeBatchClassifier(checkpoint ?? "v1", device, probe), gate));

    private sealed class GatedHeatmapClassifier(FakeBatchClassifier inner, HeatmapGate gate) : IBatchClassifier, IHeatmapRenderer
    {
        public CheckpointMetadata Model => inner.Model;

        public string Device => inner.Device;

        public Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, CancellationToken cancellationToken = default) =>
            inner.ClassifyAsync(images, cancellationToken);

        public async Task<IReadOnlyList<RenderedHeatmap?>> RenderHeatmapsAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, HeatmapOptions options, WorkPriority priority = WorkPriority.Low, CancellationToken cancellationToken = default)
        {
            await gate.PassAsync(cancellationToken);
            throw new InvalidOperationException("The gate only ever hangs or fails.");
        }

        public void Dispose() => inner.Dispose();
    }
}
