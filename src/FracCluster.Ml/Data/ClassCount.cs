namespace FracCluster.Ml.Data;

public sealed record ClassCount(string Label, int Count);
