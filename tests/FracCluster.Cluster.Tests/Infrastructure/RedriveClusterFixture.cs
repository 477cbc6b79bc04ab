namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>Pending scans are published again after 300 ms, at most twice.</summary>
public sealed class RedriveClusterFixture : ClusterFixture
{
    protected override int MaxDelayMs => 50;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Frac:Batching:PendingRedriveMs"] = "300",
        ["Frac:Batching:MaxRedrives"] = "2",
    };
}
