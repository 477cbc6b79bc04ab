using FracCluster.Grains.Options;
using Microsoft.Extensions.Options;

namespace FracCluster.Grains.Intake;

/// <summary>
/// Bounds the work one silo has accepted: a slot is taken when a scan is accepted and given back (by the scan's result
/// grain, through this silo's control grain) when the scan reaches a final state. Full: the API answers 503.
/// </summary>
public sealed class ScanAdmission(IOptions<BatchingOptions> options)
{
    private int _admitted;

    public int Capacity { get; } = options.Value.QueueCapacity;

    public int Admitted => Volatile.Read(ref _admitted);

    public bool TryAdmit()
    {
        while (true)
        {
            var current = Volatile.Read(ref _admitted);
            if (current >= Capacity)
                return false;
            if (Interlocked.CompareExchange(ref _admitted, current + 1, current) == current)
                return true;
        }
    }

    public void Release(int count)
    {
        // Never below zero: a release for a scan admitted by a previous incarnation of this silo must not create capacity.
        while (true)
        {
            var current = Volatile.Read(ref _admitted);
            var next = Math.Max(0, current - count);
            if (Interlocked.CompareExchange(ref _admitted, next, current) == current)
                return;
        }
    }
}
