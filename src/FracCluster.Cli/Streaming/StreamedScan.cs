using FracCluster.Contracts;

namespace FracCluster.Cli.Streaming;

/// <summary>One accepted scan of a simulator run: which input image it carried and its final result (null when lost).</summary>
/// <param name="ImageIndex">Index into the image list the run was given, so callers can join results with ground truth.</param>
/// <param name="LatencyMs">Send → result received over the results stream; null when the result was found by polling or lost.</param>
public sealed record StreamedScan(string ScanId, int ImageIndex, ScanResult? Result, double? LatencyMs);
