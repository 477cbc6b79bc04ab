using FracCluster.Grains.Inference;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;

namespace FracCluster.Cluster.Tests.Fakes;

/// <summary>Classifiers whose forward passes run on one <see cref="SlowDevice"/>; probabilities as <see cref="FakeBatchClassifier"/>.</summary>
public sealed class SlowDeviceClassifierFactory(SlowDevice device, ClassifierProbe probe) : IBatchClassifierFactory
{
    public Task<IBatchClassifier> CreateAsync(string? checkpoint, string device1, CancellationToken cancellationToken) =>
        Task.FromResult<IBatchClassifier>(new SlowDeviceClassifier(new FakeBatchClassifier(checkpoint ?? "v1", device1, probe), device));

    private sealed class SlowDeviceClassifier(FakeBatchClassifier inner, SlowDevice device) : IBatchClassifier
    {
        public CheckpointMetadata Model => inner.Model;

        public string Device => inner.Device;

        public Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, CancellationToken cancellationToken = default) =>
            ClassifyAsync(images, WorkPriority.Normal, cancellationToken);

        public async Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, WorkPriority priority, CancellationToken cancellationToken = default)
        {
            // Decoding (the fake's classification) happens before the device, as in the real engine.
            var decoded = await inner.ClassifyAsync(images, cancellationToken);
            var milliseconds = device.PerPass.TotalMilliseconds;
            device.Queued(images.Count, priority);
            return await device.Thread.InvokeAsync(
                () => device.Run(images.Count, priority, () => (IReadOnlyList<ImageClassification>)decoded.Select(d => d with { ComputeMilliseconds = milliseconds }).ToList()),
                priority, cancellationToken);
        }

        public void Dispose() => inner.Dispose();
    }
}
