using FracCluster.Contracts;

namespace FracCluster.Grains.Models;

/// <summary>Persistent state of <see cref="CurrentModelGrain"/>.</summary>
[GenerateSerializer, Alias("frac.CurrentModelState")]
public sealed class CurrentModelState
{
    [Id(0)] public CurrentModel? Current { get; set; }
}
