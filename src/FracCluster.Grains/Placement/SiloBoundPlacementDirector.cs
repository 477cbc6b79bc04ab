using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace FracCluster.Grains.Placement;

/// <summary>
/// Places a silo-bound grain on the silo named by its key. Fails instead of activating elsewhere: a model grain on the
/// wrong silo would serve another machine's device.
/// </summary>
public sealed class SiloBoundPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var key = target.GrainIdentity.Key.ToString() ?? string.Empty;
        var wanted = SiloKeys.SiloOf(key);
        foreach (var silo in context.GetCompatibleSilos(target))
        {
            if (silo.Equals(wanted))
                return Task.FromResult(silo);
        }
        throw new SiloBindingException($"Silo {wanted} named by grain key '{key}' is not an active compatible silo; the grain is bound to it and will not activate elsewhere.");
    }
}
