using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;

namespace FracCluster.Ml.Import;

/// <summary>An imported model (eval mode, CPU) with the metadata to save beside it. Disposing frees the model.</summary>
/// <param name="Model">The network with the file's weights.</param>
/// <param name="Metadata">Checkpoint metadata; <see cref="CheckpointMetadata.WeightsSha256"/> is set when saved.</param>
/// <param name="HeadReplaced">True when the file's head (e.g. 1000 ImageNet classes) was replaced by a fresh one.</param>
/// <param name="SourceClasses">Output count of the file's own head, when it had one.</param>
public sealed record WeightImportResult(EfficientNet Model, CheckpointMetadata Metadata, bool HeadReplaced, int? SourceClasses) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
