namespace FracCluster.Grains.Inference;

/// <summary>No checkpoint is configured (<c>Frac:Models:Checkpoint</c>) and none was given: the model grain waits for <c>POST /v1/models/load</c>.</summary>
public sealed class ModelNotConfiguredException()
    : Exception("No model checkpoint is configured: set Frac:Models:Checkpoint (a blob key or file path) or load one with POST /v1/models/load.");
