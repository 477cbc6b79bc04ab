namespace FracCluster.Ml.Training;

/// <summary>The data cannot train a model as given: an empty class, an unknown label, a missing split.</summary>
public sealed class TrainingDataException : Exception
{
    public TrainingDataException(string message) : base(message)
    {
    }

    public TrainingDataException(string message, Exception inner) : base(message, inner)
    {
    }

    public TrainingDataException()
    {
    }
}
