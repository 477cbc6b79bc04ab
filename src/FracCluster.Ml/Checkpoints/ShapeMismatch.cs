namespace FracCluster.Ml.Checkpoints;

/// <summary>A tensor present on both sides whose shapes differ.</summary>
public sealed record ShapeMismatch(string Key, IReadOnlyList<long> Expected, IReadOnlyList<long> Actual)
{
    public override string ToString() => $"{Key}: model [{string.Join(", ", Expected)}], file [{string.Join(", ", Actual)}]";
}
