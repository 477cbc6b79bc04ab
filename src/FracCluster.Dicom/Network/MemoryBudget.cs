namespace FracCluster.Dicom.Network;

/// <summary>
/// Bytes of data sets the whole listener may hold at once, shared by its associations: many large instances
/// arriving together get Out of Resources instead of taking the process's memory.
/// </summary>
internal sealed class MemoryBudget(long limit)
{
    private long _used;

    public long Used => Interlocked.Read(ref _used);

    public bool TryReserve(long bytes)
    {
        while (true)
        {
            var current = Interlocked.Read(ref _used);
            if (current + bytes > limit)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _used, current + bytes, current) == current)
            {
                return true;
            }
        }
    }

    public void Release(long bytes) => Interlocked.Add(ref _used, -bytes);
}
