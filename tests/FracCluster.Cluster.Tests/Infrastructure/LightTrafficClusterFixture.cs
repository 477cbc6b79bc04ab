namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// Short max delay, and no early close when the device is free: partial batches flush after the delay, which is what
/// the light-traffic tests look at.
/// </summary>
public sealed class LightTrafficClusterFixture : ClusterFixture
{
    protected override int MaxDelayMs => 300;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Frac:Batching:CloseWhenDeviceFree"] = "false",
    };
}
