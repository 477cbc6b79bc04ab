namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// One path of `frac bench heatmap` at one batch size: medians over the timed passes, per image.
/// <paramref name="DeviceMsPerImage"/> is the time on the device thread (the pass itself); <paramref name="WallMsPerImage"/>
/// the whole call (decoding, and for the overlay the PNG rendering too).
/// </summary>
public sealed record HeatmapCostRow(int Batch, string Path, double DeviceMsPerImage, double WallMsPerImage);
