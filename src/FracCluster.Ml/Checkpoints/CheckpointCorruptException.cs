namespace FracCluster.Ml.Checkpoints;

/// <summary>A checkpoint exists but cannot be trusted: unreadable JSON, weights that fail their SHA-256, bad safetensors.</summary>
public sealed class CheckpointCorruptException : CheckpointException
{
    public CheckpointCorruptException(string message) : base(message)
    {
    }

    public CheckpointCorruptException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
