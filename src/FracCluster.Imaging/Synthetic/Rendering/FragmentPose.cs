namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>Where a bone fragment moved: turned by a rotation about a pivot on the axis, then shifted.</summary>
internal sealed class FragmentPose(float pivotA, float rotation, float shiftA, float shiftB)
{
    private readonly float cos = MathF.Cos(-rotation);
    private readonly float sin = MathF.Sin(-rotation);
    private readonly bool identity = rotation == 0 && shiftA == 0 && shiftB == 0;

    public static FragmentPose Identity { get; } = new(0, 0, 0, 0);

    /// <summary>Maps a point of the displaced picture back to where it was on the intact bone.</summary>
    public (float A, float B) ToIntact(float a, float b)
    {
        if (identity)
            return (a, b);
        var da = a - shiftA - pivotA;
        var db = b - shiftB;
        return (pivotA + (da * cos) - (db * sin), (da * sin) + (db * cos));
    }
}
