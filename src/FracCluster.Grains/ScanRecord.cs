using FracCluster.Contracts;

namespace FracCluster.Grains;

/// <summary>Persistent state of a <see cref="ScanResultGrain"/>.</summary>
[GenerateSerializer, Alias("frac.ScanRecord")]
public sealed class ScanRecord
{
    [Id(0)] public ScanArrived? Arrived { get; set; }

    [Id(1)] public ScanResult? Result { get; set; }
}
