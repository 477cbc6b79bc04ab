using Orleans.Runtime;

namespace FracCluster.Grains.Training;

/// <summary>
/// A token cancelled as soon as this silo starts to stop, so background training work (a shard, an epoch) ends
/// promptly instead of holding up shutdown, and writes nothing after the silo has gone.
/// </summary>
public sealed class SiloStopping : ILifecycleParticipant<ISiloLifecycle>, IDisposable
{
    private readonly CancellationTokenSource _cts = new();

    public CancellationToken Token => _cts.Token;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(SiloStopping), ServiceLifecycleStage.Last, _ => Task.CompletedTask, _ => _cts.CancelAsync());

    public void Dispose() => _cts.Dispose();
}
