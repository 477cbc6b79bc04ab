namespace FracCluster.Silo.Api;

/// <summary>Body of <c>POST /v1/models/load</c>: a checkpoint blob key or file path.</summary>
public sealed record LoadModelRequest(string Checkpoint);
