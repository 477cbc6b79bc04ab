namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// Two silos to start with, a short max delay and an instant device: at this load every batch fits on the model grain
/// beside the batcher, so a silo that joins gets work only if scans themselves reach its batcher.
/// </summary>
public sealed class ScaleOutClusterFixture : ClusterFixture
{
    protected override int MaxDelayMs => 20;

    protected override int SiloCount => 2;
}
