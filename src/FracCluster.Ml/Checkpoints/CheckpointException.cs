namespace FracCluster.Ml.Checkpoints;

/// <summary>Base of every error about reading, writing or importing model weights.</summary>
public class CheckpointException : Exception
{
    public CheckpointException(string message) : base(message)
    {
    }

    public CheckpointException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
