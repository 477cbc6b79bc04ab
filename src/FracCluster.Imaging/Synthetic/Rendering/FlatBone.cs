namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>
/// A plate-like bone seen face on (scapula, ilium): an ellipse of fairly even density with a denser rim, optionally
/// pierced by a hole (the obturator foramen).
/// </summary>
internal sealed class FlatBone(Frame frame, float radiusA, float radiusB, float density, float holeScale, NoiseField texture) : IAttenuator
{
    private readonly Bounds bounds = Bounds.Around(frame.OriginX, frame.OriginY, MathF.Max(radiusA, radiusB) + 1);

    public (int Start, int End) Columns(int y, int width) => bounds.Columns(y, width);

    public float Attenuation(float x, float y)
    {
        var (a, b) = frame.ToLocal(x, y);
        var r = MathF.Sqrt(((a / radiusA) * (a / radiusA)) + ((b / radiusB) * (b / radiusB)));
        if (r >= 1)
            return 0;
        var edge = Math.Clamp((1 - r) * radiusB * 0.5f, 0, 1); // soft outer edge over about two pixels
        var rim = MathF.Exp(-((1 - r) * (1 - r)) / 0.004f);
        var value = density * (0.6f + (0.7f * rim)) * edge;
        if (holeScale > 0)
        {
            var (ha, hb) = (a + (radiusA * 0.35f), b);
            var hr = MathF.Sqrt(((ha / (radiusA * holeScale)) * (ha / (radiusA * holeScale))) + ((hb / (radiusB * holeScale * 1.3f)) * (hb / (radiusB * holeScale * 1.3f))));
            value *= Math.Clamp((hr - 1) * 8, 0, 1) + (0.3f * MathF.Exp(-((hr - 1) * (hr - 1)) / 0.01f));
        }

        return value * (1 + (0.12f * texture.Sample(x, y)));
    }
}
