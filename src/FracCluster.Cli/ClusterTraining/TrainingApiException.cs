namespace FracCluster.Cli.ClusterTraining;

/// <summary>The training API answered with an error (or not at all); the message says what it said.</summary>
public sealed class TrainingApiException(string message, int? statusCode = null) : Exception(message)
{
    /// <summary>The HTTP status, when there was an answer.</summary>
    public int? StatusCode { get; } = statusCode;

    /// <summary>Worth another try: a silo or the coordinator's silo is going away and the run moves.</summary>
    public bool IsTransient => StatusCode >= 500;
}
