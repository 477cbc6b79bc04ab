namespace FracCluster.Ml.Data;

/// <summary>Files with identical content (same SHA-256).</summary>
public sealed record DuplicateGroup(string Sha256, IReadOnlyList<DatasetEntry> Entries)
{
    /// <summary>The same image under different labels: the data contradicts itself.</summary>
    public bool HasConflictingLabels => Entries.Select(e => e.Label).Distinct(StringComparer.Ordinal).Count() > 1;
}
