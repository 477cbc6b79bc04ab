using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Grains.Inference;

namespace FracCluster.Cluster.Tests.Heatmaps;

/// <summary>The 3-silo cluster with the fake classifier whose heatmaps hang or fail, and every scan above the threshold.</summary>
public sealed class GatedHeatmapClusterFixture : ClusterFixture
{
    public HeatmapGate Gate { get; } = new();

    protected override int MaxDelayMs => 20;

    protected override IReadOnlyDictionary<string, string?> ExtraSettings { get; } = new Dictionary<string, string?>
    {
        ["Frac:Heatmaps:ProbabilityThreshold"] = "0",
    };

    protected override IBatchClassifierFactory CreateClassifierFactory() => new GatedHeatmapClassifierFactory(Probe, Gate);
}
