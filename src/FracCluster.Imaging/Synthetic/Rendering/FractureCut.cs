namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>
/// One break line across a bone, in the bone's frame: it crosses the axis at <see cref="At"/>, its normal leans
/// <see cref="Lean"/> radians from the axis (0 = transverse), and bone within half <see cref="Gap"/> of it is missing.
/// The line is jagged: real fracture edges are not straight.
/// </summary>
internal sealed class FractureCut(float at, float lean, float gap, float jag, float jagFrequency, float jagPhase)
{
    private readonly float cos = MathF.Cos(lean);
    private readonly float sin = MathF.Sin(lean);

    public float At { get; } = at;

    public float Gap { get; } = gap;

    /// <summary>Signed distance from the (jagged) cut; positive on the distal side.</summary>
    /// <remarks>Two incommensurate waves make the edge irregular rather than a regular zigzag.</remarks>
    public float Distance(float a, float b) =>
        ((a - At) * cos) + (b * sin)
        + (jag * (MathF.Sin((b * jagFrequency) + jagPhase) + (0.6f * MathF.Sin((b * jagFrequency * 2.37f) + (jagPhase * 1.7f)))));
}
