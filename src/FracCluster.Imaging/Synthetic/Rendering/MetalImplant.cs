namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>A fixation plate along one side of a bone with screws across it: metal stops nearly all of the beam.</summary>
internal sealed class MetalImplant(Frame boneFrame, float center, float plateLength, float boneRadius, int screws) : IAttenuator
{
    private const float MetalDensity = 3.2f;
    private readonly Bounds bounds = Around(boneFrame, center, (plateLength / 2) + (boneRadius * 1.8f) + 2);

    public (int Start, int End) Columns(int y, int width) => bounds.Columns(y, width);

    private static Bounds Around(Frame frame, float at, float radius)
    {
        var (x, y) = frame.ToImage(at, 0);
        return Bounds.Around(x, y, radius);
    }

    public float Attenuation(float x, float y)
    {
        var (a, b) = boneFrame.ToLocal(x, y);
        var along = a - center;
        if (MathF.Abs(along) > (plateLength / 2) + 2)
            return 0;
        var plateInner = boneRadius * 0.95f;
        var plateOuter = plateInner + (boneRadius * 0.32f);
        var value = 0f;
        if (b > plateInner && b < plateOuter && MathF.Abs(along) < plateLength / 2)
            value = MetalDensity;
        var spacing = plateLength / screws;
        var screwHalfWidth = boneRadius * 0.13f;
        var nearest = (MathF.Round((along / spacing) - 0.5f) + 0.5f) * spacing;
        if (MathF.Abs(along - nearest) < screwHalfWidth && b > -boneRadius * 1.1f && b < plateOuter + (boneRadius * 0.15f) && MathF.Abs(nearest) < plateLength / 2)
            value = MetalDensity;
        return value;
    }
}
