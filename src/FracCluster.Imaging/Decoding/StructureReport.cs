namespace FracCluster.Imaging.Decoding;

/// <summary>The result of walking an encoded file's structure (chunks, markers, strips) without decoding pixels.</summary>
/// <param name="Problem">Null when the structure is complete; else why the file is considered truncated.</param>
/// <param name="Unsupported">Set when the file uses a variant of its format the decoder cannot read.</param>
internal readonly record struct StructureReport(string? Problem, string? Unsupported = null)
{
    public static StructureReport Complete => default;

    public bool IsComplete => Problem is null;

    public static StructureReport Truncated(string problem) => new(problem);

    public StructureReport WithUnsupported(string? unsupported) => this with { Unsupported = unsupported };
}
