namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>Two silos that serve their configured model ("v1") until the cluster's current model is set; tests add a third.</summary>
public sealed class CurrentModelClusterFixture : ClusterFixture
{
    protected override int MaxDelayMs => 20;

    protected override int SiloCount => 2;
}
