namespace FracCluster.Ml.Data;

/// <summary>A split manifest whose test images also appear (same SHA-256) in train or validation: its test metrics would be optimistic.</summary>
public sealed class SplitLeakException : Exception
{
    public SplitLeakException(IReadOnlyList<SplitLeak> leaks)
        : base(Describe(leaks)) => Leaks = leaks;

    public IReadOnlyList<SplitLeak> Leaks { get; }

    private static string Describe(IReadOnlyList<SplitLeak> leaks)
    {
        const int shown = 20;
        var lines = leaks.Take(shown).Select(l => $"  test '{l.TestPath}' = {string.Join(", ", l.OtherPaths.Select(p => $"'{p}'"))} (sha256 {l.Sha256[..12]}…)");
        var more = leaks.Count > shown ? $"\n  … and {leaks.Count - shown} more" : string.Empty;
        return $"The split manifest leaks {leaks.Count} test image(s) into train or validation (same content):\n{string.Join('\n', lines)}{more}";
    }
}
