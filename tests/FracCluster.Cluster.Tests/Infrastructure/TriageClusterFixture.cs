using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Grains.Inference;

namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// One silo whose device takes 250 ms per forward pass whatever the batch size, so a backlog of a few batches lasts
/// long enough to watch urgent scans overtake it. Default batching otherwise (2 outstanding batches, 2 express, 4
/// routine places per batch).
/// </summary>
public sealed class TriageClusterFixture : ClusterFixture
{
    public SlowDevice Device { get; } = new(TimeSpan.FromMilliseconds(250));

    protected override int MaxDelayMs => 20;

    protected override int SiloCount => 1;

    protected override IBatchClassifierFactory CreateClassifierFactory() => new SlowDeviceClassifierFactory(Device, Probe);

    protected override void DisposeDevices() => Device.Dispose();
}
