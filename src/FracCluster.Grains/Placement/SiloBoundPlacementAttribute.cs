using Orleans.Placement;

namespace FracCluster.Grains.Placement;

[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class SiloBoundPlacementAttribute : PlacementAttribute
{
    public SiloBoundPlacementAttribute()
        : base(SiloBoundPlacement.Instance)
    {
    }
}
