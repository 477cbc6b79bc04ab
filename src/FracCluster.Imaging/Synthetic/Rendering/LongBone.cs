namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>
/// A tubular bone projected as an X-ray sees it: the beam's path through a cylinder of cortex around a marrow canal.
/// The chord through the cortex is longest at the edges, so the cortex shows as two bright lines around a darker canal;
/// the ends flare into knobs of thin cortex over cancellous bone, capped by spheres. A fracture cuts the bone into
/// fragments, each drawn from the intact bone through its own pose, with a missing strip along every cut.
/// </summary>
internal sealed class LongBone : IAttenuator
{
    private const float CortexDensity = 0.62f;
    private const float MarrowDensity = 0.16f;
    private const float CancellousDensity = 0.3f;

    private readonly Frame frame;
    private readonly float length;
    private readonly float radius;
    private readonly float marrowRatio;
    private readonly float flareStart;
    private readonly float flareEnd;
    private readonly NoiseField texture;
    private readonly Bounds bounds;
    private readonly float reach;
    private FractureCut[] cuts = [];
    private FragmentPose[] poses = [FragmentPose.Identity];

    /// <param name="flareStart">End radius at the start as a multiple of the shaft radius (1 = no knob).</param>
    public LongBone(float x0, float y0, float x1, float y1, float radius, float marrowRatio, float flareStart, float flareEnd, NoiseField texture)
    {
        frame = new Frame(x0, y0, MathF.Atan2(y1 - y0, x1 - x0));
        length = MathF.Sqrt(((x1 - x0) * (x1 - x0)) + ((y1 - y0) * (y1 - y0)));
        this.radius = radius;
        this.marrowRatio = marrowRatio;
        this.flareStart = flareStart;
        this.flareEnd = flareEnd;
        this.texture = texture;
        // Everything the bone can draw, displaced fragments included, lies within `reach` of its axis segment.
        reach = radius * MathF.Max(flareStart, flareEnd) * 2.5f;
        bounds = new Bounds(MathF.Min(x0, x1) - reach, MathF.Min(y0, y1) - reach, MathF.Max(x0, x1) + reach, MathF.Max(y0, y1) + reach);
    }

    /// <summary>The row's stretch within <c>reach</c> of the axis line (the band covers the end caps too).</summary>
    public (int Start, int End) Columns(int y, int width)
    {
        var (start, end) = bounds.Columns(y, width);
        var sin = MathF.Sin(frame.Angle);
        if (start >= end || MathF.Abs(sin) < 0.25f)
            return (start, end);
        var centre = frame.OriginX + ((y - frame.OriginY) * MathF.Cos(frame.Angle) / sin);
        var half = reach / MathF.Abs(sin);
        return (Math.Max(start, (int)MathF.Floor(centre - half)), Math.Min(end, (int)MathF.Ceiling(centre + half) + 1));
    }

    public Frame Frame => frame;

    public float Length => length;

    public float Radius => radius;

    public bool IsFractured => cuts.Length > 0;

    /// <summary>Breaks the bone: cuts sorted along the axis, and one pose per fragment (cuts + 1, the first fixed).</summary>
    public void Break(FractureCut[] fractureCuts, FragmentPose[] fragmentPoses)
    {
        if (fragmentPoses.Length != fractureCuts.Length + 1)
            throw new ArgumentException("A bone with n cuts has n + 1 fragments.", nameof(fragmentPoses));
        cuts = fractureCuts;
        poses = fragmentPoses;
    }

    public float Attenuation(float x, float y)
    {
        var (a, b) = frame.ToLocal(x, y);
        if (a < -reach || a > length + reach || MathF.Abs(b) > reach)
            return 0;
        var value = 0f;
        if (cuts.Length == 0)
        {
            value = Profile(a, b);
        }
        else
        {
            // Fragments may overlap after displacement (overriding ends look denser, as on film): sum them.
            for (var k = 0; k < poses.Length; k++)
            {
                var (ia, ib) = poses[k].ToIntact(a, b);
                var mask = FragmentMask(k, ia, ib);
                if (mask > 0)
                    value += mask * Profile(ia, ib);
            }
        }

        return value == 0 ? 0 : value * (1 + (0.16f * texture.Sample(x, y)));
    }

    /// <summary>1 inside fragment k (between cut k-1 and cut k, outside their gaps), 0 outside, a pixel of soft edge.</summary>
    private float FragmentMask(int k, float a, float b)
    {
        var mask = 1f;
        if (k > 0)
        {
            var cut = cuts[k - 1];
            mask *= Math.Clamp(cut.Distance(a, b) - (cut.Gap / 2) + 0.5f, 0, 1);
        }

        if (k < cuts.Length)
        {
            var cut = cuts[k];
            mask *= Math.Clamp(-cut.Distance(a, b) - (cut.Gap / 2) + 0.5f, 0, 1);
        }

        return mask;
    }

    /// <summary>
    /// Joint ends (condyles) are broad and flat, so their caps are squashed along the axis; big ball heads (femur,
    /// humerus: flare ≥ 1.8) stay round.
    /// </summary>
    private static float CapSquash(float flare) => flare >= 1.8f ? 1f : flare > 1.05f ? 1.45f : 1f;

    private float Profile(float a, float b)
    {
        float distance, outer, endness;
        if (a < 0)
        {
            outer = radius * flareStart;
            var squashed = a * CapSquash(flareStart);
            distance = MathF.Sqrt((squashed * squashed) + (b * b));
            endness = 1;
        }
        else if (a > length)
        {
            outer = radius * flareEnd;
            var squashed = (a - length) * CapSquash(flareEnd);
            distance = MathF.Sqrt((squashed * squashed) + (b * b));
            endness = 1;
        }
        else
        {
            distance = MathF.Abs(b);
            var width = 2.8f * radius;
            var nearStart = a < 4 * width ? MathF.Exp(-(a / width) * (a / width)) : 0;
            var nearEnd = length - a < 4 * width ? MathF.Exp(-((length - a) / width) * ((length - a) / width)) : 0;
            outer = radius * (1 + ((flareStart - 1) * nearStart) + ((flareEnd - 1) * nearEnd));
            // Only knobbed ends turn cancellous; a plain end (flare 1) is a cut-off shaft leaving the film.
            endness = Math.Clamp((flareStart > 1.05f ? nearStart : 0) + (flareEnd > 1.05f ? nearEnd : 0), 0, 1);
        }

        if (distance >= outer)
            return 0;
        var ratio = marrowRatio + ((0.86f - marrowRatio) * endness);
        var innerDensity = MarrowDensity + ((CancellousDensity - MarrowDensity) * endness);
        var inner = outer * ratio;
        var outerChord = 2 * MathF.Sqrt((outer * outer) - (distance * distance));
        var innerChord = distance < inner ? 2 * MathF.Sqrt((inner * inner) - (distance * distance)) : 0;
        return ((CortexDensity * (outerChord - innerChord)) + (innerDensity * innerChord)) / (2 * radius);
    }
}
