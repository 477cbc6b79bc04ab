namespace FracCluster.Ml.Checkpoints;

/// <summary>A checkpoint's weights or metadata file does not exist.</summary>
public sealed class CheckpointNotFoundException : CheckpointException
{
    public CheckpointNotFoundException(string path, string message) : base(message)
    {
        Path = path;
    }

    public string Path { get; }
}
