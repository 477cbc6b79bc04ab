using FracCluster.Ml.Checkpoints;

namespace FracCluster.Ml.Import;

/// <summary>The file is not a readable PyTorch state dict (not a torch.save file, a whole pickled model, a TorchScript archive…).</summary>
public sealed class UnsupportedWeightsFileException : CheckpointException
{
    public UnsupportedWeightsFileException(string path, string message) : base($"{path}: {message}")
    {
        Path = path;
    }

    public UnsupportedWeightsFileException(string path, string message, Exception innerException) : base($"{path}: {message}", innerException)
    {
        Path = path;
    }

    public string Path { get; }
}
