using FracCluster.Ml.Checkpoints;

namespace FracCluster.Ml.Inference;

/// <summary>
/// Classifies batches of encoded images (JPEG/PNG/…): decodes and preprocesses them in parallel on the CPU, then runs one
/// forward pass on its device, on a thread of its own. Results are in input order; an unreadable image is rejected alone.
/// </summary>
public interface IBatchClassifier : IDisposable
{
    CheckpointMetadata Model { get; }

    string Device { get; }

    Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same, with <see cref="WorkPriority.High"/> putting the forward pass ahead of normal work waiting for the
    /// device. A classifier without a device queue of its own ignores the priority.
    /// </summary>
    Task<IReadOnlyList<ImageClassification>> ClassifyAsync(IReadOnlyList<ReadOnlyMemory<byte>> images, WorkPriority priority, CancellationToken cancellationToken = default) =>
        ClassifyAsync(images, cancellationToken);
}
