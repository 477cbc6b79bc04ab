namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// A max delay far longer than any test, and no early close when the device is free: every batch it closes, it closes
/// because it is full.
/// </summary>
public sealed class HeavyTrafficClusterFixture : ClusterFixture
{
    protected override int MaxDelayMs => 60_000;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Frac:Batching:CloseWhenDeviceFree"] = "false",
    };
}
