namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>Short max delay: partial batches flush quickly.</summary>
public sealed class LightTrafficClusterFixture : ClusterFixture
{
    protected override int MaxDelayMs => 300;
}
