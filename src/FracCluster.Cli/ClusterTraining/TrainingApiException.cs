namespace FracCluster.Cli.ClusterTraining;

/// <summary>The training API answered with an error (or not at all); the message says what it said.</summary>
public sealed class TrainingApiException(string message, Exception? inner = null) : Exception(message, inner);
