using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Grains.Inference;

namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>
/// One silo whose device takes 250 ms per forward pass whatever the batch size, so a backlog of a few batches lasts
/// long enough to watch urgent scans overtake it. Two outstanding batches per silo (the default is 4), so that two
/// batches of blockers take every slot and what follows waits in the batcher; default batching otherwise (2 express,
/// 4 routine places per batch).
/// </summary>
public sealed class TriageClusterFixture : ClusterFixture
{
    public SlowDevice Device { get; } = new(TimeSpan.FromMilliseconds(250));

    protected override int MaxDelayMs => 20;

    protected override int SiloCount => 1;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Frac:Batching:MaxOutstandingBatches"] = "2",
    };

    protected override IBatchClassifierFactory CreateClassifierFactory() => new SlowDeviceClassifierFactory(Device, Probe);

    protected override void DisposeDevices() => Device.Dispose();
}
