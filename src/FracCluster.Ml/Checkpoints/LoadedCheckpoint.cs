using FracCluster.Ml.Models;

namespace FracCluster.Ml.Checkpoints;

/// <summary>A model restored from a checkpoint (eval mode, on the requested device) and its metadata. Disposing frees the model.</summary>
public sealed record LoadedCheckpoint(FeatureClassifier Model, CheckpointMetadata Metadata) : IDisposable
{
    public void Dispose() => Model.Dispose();
}
