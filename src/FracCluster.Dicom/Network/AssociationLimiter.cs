namespace FracCluster.Dicom.Network;

/// <summary>Counts established associations against a limit (lock-free: taken and returned from many connections).</summary>
internal sealed class AssociationLimiter(int limit)
{
    private int _count;

    public int Count => Volatile.Read(ref _count);

    public bool TryAcquire()
    {
        while (true)
        {
            var current = Volatile.Read(ref _count);
            if (current >= limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _count, current + 1, current) == current)
            {
                return true;
            }
        }
    }

    public void Release() => Interlocked.Decrement(ref _count);
}
