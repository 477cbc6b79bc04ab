using Orleans.Runtime;

namespace FracCluster.Grains.Placement;

/// <summary>Activate the grain on the silo its key names, and nowhere else.</summary>
[GenerateSerializer, Immutable, Alias("frac.SiloBoundPlacement")]
public sealed class SiloBoundPlacement : PlacementStrategy
{
    public static readonly SiloBoundPlacement Instance = new();
}
