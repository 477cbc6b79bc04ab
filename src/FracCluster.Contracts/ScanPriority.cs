namespace FracCluster.Contracts;

/// <summary>
/// How soon a scan must be read. Urgent scans (an emergency department, a suspected fracture on a trauma ward) go into
/// the next batch ahead of routine ones and ahead of routine batches on the device; routine scans keep a share of each
/// batch, so a flood of urgent scans cannot starve them (see <c>Frac:Batching:RoutineSharePerBatch</c>).
/// </summary>
public enum ScanPriority
{
    Routine = 0,
    Urgent = 1,
}
