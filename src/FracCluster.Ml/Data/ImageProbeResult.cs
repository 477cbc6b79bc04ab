namespace FracCluster.Ml.Data;

public sealed record ImageProbeResult(int Width, int Height, string Format);
