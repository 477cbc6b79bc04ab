using System.Runtime.InteropServices;
using FracCluster.Imaging.Synthetic.Rendering;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Imaging.Synthetic;

/// <summary>
/// Renders grayscale images that look like plain radiographs of limbs: dark air, a soft-tissue envelope, long bones
/// with bright cortex and darker marrow, knobbed joint ends, film noise, and varied size, angle and exposure.
/// Fractured ones have a break through the cortex — transverse, oblique or comminuted, displaced or not — drawn as a
/// dark gap of 0.35–0.8 shaft radii and at least 2.5 % of the short side (displaced fragments shift sideways by at
/// least as much), so that it survives downscaling to 64–128 px for small CNNs.
/// Deterministic: the same seed gives the same pixels (and, through the deterministic JPEG encoder, the same bytes).
/// Thread-safe: every call owns its random state.
/// </summary>
public sealed class SyntheticRadiographGenerator
{
    private readonly SyntheticRadiographOptions options;

    public SyntheticRadiographGenerator(SyntheticRadiographOptions? options = null)
    {
        this.options = options ?? new SyntheticRadiographOptions();
        this.options.Validate();
    }

    public SyntheticRadiographOptions Options => options;

    /// <summary>The seed of image <paramref name="index"/> of a dataset made with <paramref name="datasetSeed"/>.</summary>
    public static int ImageSeed(long datasetSeed, int index) => SeedMixer.Mix(datasetSeed, index);

    public SyntheticRadiograph Generate(int seed, bool fractured)
    {
        var random = new Random(seed);
        var width = random.Next(options.MinSize, options.MaxSize + 1);
        var height = random.Next(options.MinSize, options.MaxSize + 1);
        var part = PickBodyPart(random);
        var view = random.NextDouble() switch { < 0.5 => RadiographView.Frontal, < 0.85 => RadiographView.Lateral, _ => RadiographView.Oblique };
        var texture = new NoiseField(random, width, height, cell: random.Range(2.5, 4.5));
        var scene = Layout(random, part, view, width, height, texture);

        // Film and grain come from their own stream, drawn before the fracture: the same seed with and without a
        // fracture gives the same picture except for the break (and its swelling), which tests rely on.
        var filmSeed = random.Next();
        var hardware = scene.Breakable.Count > 0 && random.Chance(options.HardwareRatio);
        var boxes = new List<RectangleF>();
        var kind = FractureKind.None;
        var displaced = false;
        var count = 0;
        (LongBone Bone, float At)? plateSite = null;
        if (fractured)
        {
            kind = random.NextDouble() switch { < 0.4 => FractureKind.Transverse, < 0.75 => FractureKind.Oblique, _ => FractureKind.Comminuted };
            displaced = random.Chance(hardware ? 0.3 : 0.7);
            var bone = PickBreakable(random, scene, exclude: null);
            var at = FractureSite(random, bone, width, height);
            Break(random, bone, at, kind, displaced, MinimumGap(width, height), (float)options.FractureScale);
            boxes.Add(Box(bone, at, width, height, (float)options.FractureScale));
            SwellAround(random, scene, bone, at);
            plateSite = (bone, at);
            count = 1;
            if (scene.Breakable.Count > 1 && random.Chance(0.1))
            {
                var second = PickBreakable(random, scene, exclude: bone);
                var secondAt = FractureSite(random, second, width, height);
                Break(random, second, secondAt, random.Chance(0.5) ? FractureKind.Transverse : FractureKind.Oblique, random.Chance(0.5), MinimumGap(width, height), (float)options.FractureScale);
                boxes.Add(Box(second, secondAt, width, height, (float)options.FractureScale));
                count = 2;
            }
        }

        if (hardware)
        {
            var site = plateSite ?? (PickBreakable(random, scene, exclude: null), 0f);
            var at = plateSite is null ? FractureSite(random, site.Bone, width, height) : site.At;
            scene.Others.Add(new MetalImplant(site.Bone.Frame, at, site.Bone.Radius * random.Range(4.5, 7), site.Bone.Radius, random.Next(4, 7)));
        }

        var image = Expose(new Random(filmSeed), scene, width, height);
        return new SyntheticRadiograph(image, new SyntheticRadiographInfo(width, height, part, view, kind, displaced, count, hardware) { FractureBoxes = boxes });
    }

    private static BodyPart PickBodyPart(Random random) => random.NextDouble() switch
    {
        < 0.34 => BodyPart.Hand,
        < 0.76 => BodyPart.Leg,
        < 0.85 => BodyPart.Hip,
        < 0.95 => BodyPart.Shoulder,
        _ => BodyPart.Mixed,
    };

    private static Scene Layout(Random random, BodyPart part, RadiographView view, int width, int height, NoiseField texture)
    {
        var s = (float)Math.Min(width, height);
        var angle = (MathF.PI / 2) + random.Range(-0.45, 0.45);
        if (random.Chance(0.25))
            angle += random.Sign() * MathF.PI / 2;
        if (random.Chance(0.5))
            angle += MathF.PI;
        var limb = new Frame((width / 2f) + random.Range(-0.08, 0.08) * width, (height / 2f) + random.Range(-0.08, 0.08) * height, angle);
        var spread = view switch { RadiographView.Frontal => 2.1f, RadiographView.Oblique => 1.6f, _ => 1.15f };
        switch (part)
        {
            case BodyPart.Hand:
                return LayoutHand(random, limb, s, spread, texture);
            case BodyPart.Hip:
                return LayoutHip(random, limb, s, texture);
            case BodyPart.Shoulder:
                return LayoutShoulder(random, limb, s, texture);
            case BodyPart.Mixed:
                var mixed = LayoutLeg(random, limb, s, spread, texture);
                var turn = random.Sign() * random.Range(0.6, 1.2);
                var r = s * random.Range(0.04, 0.06);
                var c = random.Range(-0.2, 0.2) * s;
                mixed.AddBone((-1.5f * s * MathF.Cos(turn), c - (1.5f * s * MathF.Sin(turn))), (1.5f * s * MathF.Cos(turn), c + (1.5f * s * MathF.Sin(turn))),
                    r, random.Range(0.45, 0.6), 1, 1, texture, breakWeight: 0.5);
                return mixed;
            default:
                return LayoutLeg(random, limb, s, spread, texture);
        }
    }

    private static Scene LayoutLeg(Random random, Frame limb, float s, float spread, NoiseField texture)
    {
        var r = s * random.Range(0.05, 0.07);
        var side = random.Sign();
        var offset = random.Range(-0.05, 0.05) * s;
        var fibulaRadius = r * random.Range(0.38, 0.48);
        var fibulaOffset = offset + (side * spread * r);
        var tissue = new SoftTissue(limb, (MathF.Abs(offset) + (spread * r) + (2 * r)) * random.Range(1.35, 1.7),
            random.Range(0.22, 0.34), random.Range(0.02, 0.07), random.Range(0, 6.28));
        var scene = new Scene(limb, tissue);
        var joint = random.Range(0.12, 0.38) * s;
        const float far = -1.6f;
        scene.AddBone((far * s, offset), (joint - (1.55f * r), offset + random.Range(-0.2, 0.2) * r), r, random.Range(0.5, 0.62), 1, 1.55f, texture, breakWeight: 0.8);
        scene.AddBone((far * s, fibulaOffset), (joint - random.Range(1.4, 2.6) * r, fibulaOffset + (side * random.Range(-0.3, 0.3) * r)),
            fibulaRadius, random.Range(0.4, 0.55), 1, 1.3f, texture, breakWeight: 0.2);
        if (random.Chance(0.65))
        {
            var gap = random.Range(0.3, 0.6) * r;
            var r2 = r * random.Range(0.95, 1.25);
            scene.AddBone((joint + gap + (1.6f * r2), offset + random.Range(-0.4, 0.4) * r), (-far * s, offset + random.Range(-1, 1) * r),
                r2, random.Range(0.5, 0.62), 1.6f, 1, texture);
        }

        return scene;
    }

    private static Scene LayoutHand(Random random, Frame limb, float s, float spread, NoiseField texture)
    {
        var rays = random.Next(3, 6);
        var r0 = s * random.Range(0.03, 0.04);
        var fan = random.Range(0.03, 0.08);
        var pitch = r0 * random.Range(3.0, 3.8) * (spread / 2.1f + 0.45f);
        var tissue = new SoftTissue(limb, ((rays - 1) / 2f * pitch) + (r0 * random.Range(3.5, 5)), random.Range(0.2, 0.3), random.Range(0.03, 0.08), random.Range(0, 6.28));
        var scene = new Scene(limb, tissue);
        var knuckles = random.Range(-0.15, 0.1) * s;
        for (var i = 0; i < rays; i++)
        {
            var k = i - ((rays - 1) / 2f);
            var tilt = k * fan;
            var (dirU, dirV) = (MathF.Cos(tilt), MathF.Sin(tilt));
            var baseV = k * pitch * 0.55f;
            (float U, float V) At(float along) => (knuckles + (along * dirU), baseV + (k * pitch * 0.45f) + (along * dirV));
            var r = r0 * random.Range(0.9, 1.1);
            var metacarpal = random.Range(0.3, 0.4) * s;
            scene.AddBone(At(-metacarpal - (0.5f * s)), At(-1.35f * r), r, random.Range(0.45, 0.58), 1, 1.35f, texture, breakWeight: 1);
            var gap = random.Range(0.3, 0.5) * r;
            var start = gap + (1.3f * r * 0.85f);
            var proximal = random.Range(0.17, 0.25) * s;
            scene.AddBone(At(start), At(start + proximal), r * 0.85f, random.Range(0.4, 0.52), 1.3f, 1.25f, texture, breakWeight: 0.7);
            var start2 = start + proximal + (1.25f * r * 0.85f) + gap + (1.2f * r * 0.72f);
            scene.AddBone(At(start2), At(start2 + (random.Range(0.1, 0.14) * s)), r * 0.72f, 0.4f, 1.2f, 1.3f, texture);
        }

        return scene;
    }

    private static Scene LayoutHip(Random random, Frame limb, float s, NoiseField texture)
    {
        var r = s * random.Range(0.06, 0.08);
        var tissue = new SoftTissue(limb, s * random.Range(0.55, 0.8), random.Range(0.28, 0.4), random.Range(0.02, 0.05), random.Range(0, 6.28));
        var scene = new Scene(limb, tissue);
        var top = random.Range(-0.1, 0.12) * s;
        var medial = random.Sign();
        scene.AddBone((-1.6f * s, 0), (top, 0), r, random.Range(0.5, 0.6), 1, 1.35f, texture, breakWeight: 0.5);
        var neckAngle = medial * random.Range(0.65, 0.9);
        var neckLength = random.Range(0.17, 0.24) * s;
        var neckRadius = r * 0.72f;
        var head = r * random.Range(1.7, 2.05);
        var neckStart = (top - (0.6f * r), medial * 0.2f * r);
        var neckEnd = (neckStart.Item1 + (neckLength * MathF.Cos(neckAngle)), neckStart.Item2 + (neckLength * MathF.Sin(neckAngle)));
        scene.AddBone(neckStart, neckEnd, neckRadius, 0.55f, 1, head / neckRadius, texture, breakWeight: 0.5);
        var (px, py) = limb.ToImage(neckEnd.Item1 + (head * 1.1f), neckEnd.Item2 + (medial * head * 0.6f));
        scene.Others.Add(new FlatBone(new Frame(px, py, limb.Angle + (medial * random.Range(0.5, 1.1))), s * random.Range(0.3, 0.42),
            s * random.Range(0.17, 0.25), random.Range(0.3, 0.42), random.Range(0.28, 0.4), texture));
        return scene;
    }

    private static Scene LayoutShoulder(Random random, Frame limb, float s, NoiseField texture)
    {
        var r = s * random.Range(0.055, 0.075);
        var tissue = new SoftTissue(limb, s * random.Range(0.5, 0.75), random.Range(0.26, 0.38), random.Range(0.02, 0.05), random.Range(0, 6.28));
        var scene = new Scene(limb, tissue);
        var top = random.Range(-0.05, 0.15) * s;
        var head = random.Range(1.9, 2.3);
        scene.AddBone((-1.6f * s, 0), (top, random.Range(-0.3, 0.3) * r), r, random.Range(0.5, 0.6), 1, head, texture, breakWeight: 0.6);
        var medial = random.Sign();
        var (sx, sy) = limb.ToImage(top + (random.Range(0.3, 0.8) * r), medial * s * random.Range(0.16, 0.24));
        scene.Others.Add(new FlatBone(new Frame(sx, sy, limb.Angle + (medial * random.Range(0.2, 0.6))), s * random.Range(0.28, 0.36),
            s * random.Range(0.13, 0.18), random.Range(0.26, 0.36), 0, texture));
        // The clavicle starts at the acromion, just past the head, and runs off the film medially.
        var clavicleAt = top + (head * r) + (random.Range(0.3, 0.9) * r);
        var tilt = random.Range(1.2, 1.6);
        var acromion = (clavicleAt, -medial * random.Range(0.5, 1.2) * head * r);
        scene.AddBone(acromion, (acromion.Item1 + (1.6f * s * MathF.Cos(tilt)), acromion.Item2 + (medial * 1.6f * s * MathF.Sin(tilt))),
            r * random.Range(0.5, 0.65), random.Range(0.45, 0.55), 1.35f, 1, texture, breakWeight: 0.4);
        return scene;
    }

    private static LongBone PickBreakable(Random random, Scene scene, LongBone? exclude)
    {
        var candidates = scene.Breakable.Where(c => c.Bone != exclude).ToList();
        var total = candidates.Sum(c => c.Weight);
        var pick = random.NextDouble() * total;
        foreach (var (bone, weight) in candidates)
        {
            pick -= weight;
            if (pick <= 0)
                return bone;
        }

        return candidates[^1].Bone;
    }

    /// <summary>A point on the shaft, clear of the knobbed ends, that shows on the film well inside its edges.</summary>
    private static float FractureSite(Random random, LongBone bone, int width, int height)
    {
        // Keep to the diaphysis: clear of the flared, canal-less ends.
        var margin = Math.Min(4f * bone.Radius, bone.Length / 3);
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var at = random.Range(margin, bone.Length - margin);
            var (x, y) = bone.Frame.ToImage(at, 0);
            if (x > 0.18f * width && x < 0.82f * width && y > 0.18f * height && y < 0.82f * height)
                return at;
        }

        // The shaft barely crosses the middle: take its point nearest the centre.
        var (a, _) = bone.Frame.ToLocal(width / 2f, height / 2f);
        return Math.Clamp(a, margin, bone.Length - margin);
    }

    /// <summary>
    /// 2.5 % of the short side: still 1.6 px at 64 px input and 2.4 px at 96, the smallest break a small CNN trained
    /// from scratch can be expected to see after downscaling (hand bones are only 4–5 px wide there).
    /// </summary>
    private static float MinimumGap(int width, int height) => 0.025f * Math.Min(width, height);

    /// <param name="scale">
    /// <see cref="SyntheticRadiographOptions.FractureScale"/>: multiplies gap, sideways shift and angulation after every
    /// random draw, so the same seed draws the same numbers at every scale and only the break's size changes.
    /// </param>
    private static void Break(Random random, LongBone bone, float at, FractureKind kind, bool displaced, float minimumGap, float scale)
    {
        var r = bone.Radius;
        FractureCut Cut(float position, float lean) => new(
            position, lean,
            gap: scale * MathF.Max(minimumGap, r * (displaced ? random.Range(0.45, 0.8) : random.Range(0.35, 0.5))),
            jag: r * random.Range(0.03, 0.1),
            jagFrequency: 2 * MathF.PI / (r * random.Range(0.45, 1.1)),
            jagPhase: random.Range(0, 6.28));

        // A displaced fragment moves sideways by at least the minimum gap, so the step shows on small bones too.
        FragmentPose Distal(float pivot) => displaced
            ? new FragmentPose(pivot, scale * random.Sign() * random.Range(0, 0.16), random.Range(-0.4, 0.12) * r,
                scale * random.Sign() * MathF.Max(1.2f * minimumGap, random.Range(0.5, 1.0) * r))
            : new FragmentPose(pivot, scale * random.Sign() * random.Range(0, 0.02), 0, scale * random.Sign() * random.Range(0, 0.07) * r);

        switch (kind)
        {
            case FractureKind.Comminuted:
                var half = random.Range(0.7, 1.3) * r;
                var lean = random.Range(0.45, 0.9);
                var cuts = new List<FractureCut> { Cut(at - half, lean), Cut(at + half, -lean * random.Range(0.8, 1.2)) };
                if (random.Chance(0.4))
                    cuts.Insert(1, Cut(at + random.Range(-0.2, 0.2) * r, random.Range(-0.2, 0.2)));
                var poses = new List<FragmentPose> { FragmentPose.Identity };
                for (var i = 1; i < cuts.Count; i++)
                {
                    // The butterfly pieces pop out sideways and turn.
                    var pop = scale * random.Sign() * random.Range(displaced ? 0.35 : 0.12, displaced ? 0.85 : 0.3) * r;
                    poses.Add(new FragmentPose(cuts[i - 1].At, scale * random.Sign() * random.Range(0.05, displaced ? 0.35 : 0.12), random.Range(-0.1, 0.1) * r, pop));
                }

                poses.Add(Distal(cuts[^1].At));
                bone.Break([.. cuts], [.. poses]);
                break;
            case FractureKind.Oblique:
                bone.Break([Cut(at, random.Sign() * random.Range(0.52, 1.0))], [FragmentPose.Identity, Distal(at)]);
                break;
            default:
                bone.Break([Cut(at, random.Range(-0.2, 0.2))], [FragmentPose.Identity, Distal(at)]);
                break;
        }
    }

    /// <summary>A square around the break wide enough for its gap, its displaced fragments and a butterfly piece.</summary>
    private static RectangleF Box(LongBone bone, float at, int width, int height, float scale)
    {
        var (x, y) = bone.Frame.ToImage(at, 0);
        var half = bone.Radius * 2.6f * MathF.Max(1, scale);
        var left = Math.Max(0, x - half);
        var top = Math.Max(0, y - half);
        return new RectangleF(left, top, Math.Min(width, x + half) - left, Math.Min(height, y + half) - top);
    }

    private static void SwellAround(Random random, Scene scene, LongBone bone, float at)
    {
        var (x, y) = bone.Frame.ToImage(at, 0);
        var (u, _) = scene.Limb.ToLocal(x, y);
        scene.Tissue.Swell(u, bone.Radius * random.Range(2.5, 4.5), random.Range(0.04, 0.14));
    }

    /// <summary>
    /// Film response: attenuation A becomes brightness 1 - exp(-k·A) over a little base fog, then gamma, heel-effect
    /// gradient, optional collimator shutters (unexposed, so light), and grain.
    /// </summary>
    private static Image<L8> Expose(Random random, Scene scene, int width, int height)
    {
        var exposure = random.Range(1.35, 2.3);
        var fog = random.Range(0.015, 0.07);
        var gamma = random.Range(0.8, 1.2);
        var heel = random.Range(-0.05, 0.05);
        var heelAngle = random.Range(0, 6.28);
        var grain = random.Range(0.006, 0.022);
        var collimate = random.Chance(0.35);
        var (left, right, top, bottom) = collimate
            ? (random.Range(0, 0.08) * width, width - (random.Range(0, 0.08) * width), random.Range(0, 0.08) * height, height - (random.Range(0, 0.08) * height))
            : (-10f, width + 10f, -10f, height + 10f);
        var shutter = random.Range(0.62, 0.85);
        var (cosHeel, sinHeel) = (MathF.Cos(heelAngle), MathF.Sin(heelAngle));

        // The film curve is monotone in attenuation: tabulate it once instead of an exp and a pow per pixel.
        const int steps = 4096;
        const float maxAttenuation = 6f;
        var curve = new float[steps + 1];
        for (var i = 0; i <= steps; i++)
        {
            var a = i * maxAttenuation / steps;
            curve[i] = MathF.Pow(fog + ((1 - fog) * (1 - MathF.Exp(-exposure * a))), gamma);
        }

        // Sum every shape's attenuation over only the columns it can reach, then develop the film.
        var attenuation = new float[width * height];
        var shapes = new List<IAttenuator> { scene.Tissue };
        shapes.AddRange(scene.Bones);
        shapes.AddRange(scene.Others);
        for (var y = 0; y < height; y++)
        {
            var row = attenuation.AsSpan(y * width, width);
            foreach (var shape in shapes)
            {
                var (start, end) = shape.Columns(y, width);
                for (var x = start; x < end; x++)
                    row[x] += shape.Attenuation(x, y);
            }
        }

        var noise = new FastNoise((uint)random.Next());
        var image = new Image<L8>(width, height);
        for (var y = 0; y < height; y++)
        {
            var pixels = MemoryMarshal.AsBytes(image.DangerousGetPixelRowMemory(y).Span);
            var row = attenuation.AsSpan(y * width, width);
            var heelY = ((y / (float)height) - 0.5f) * sinHeel;
            var insideY = MathF.Min(y - top, bottom - y);
            for (var x = 0; x < width; x++)
            {
                var position = Math.Clamp(row[x], 0, maxAttenuation) * (steps / maxAttenuation);
                var index = Math.Min((int)position, steps - 1);
                var value = curve[index] + ((curve[index + 1] - curve[index]) * (position - index));
                value += heel * ((((x / (float)width) - 0.5f) * cosHeel) + heelY);
                var inside = Math.Clamp(MathF.Min(MathF.Min(x - left, right - x), insideY) / 2, 0, 1);
                value = (value * inside) + (shutter * (1 - inside));
                value += grain * noise.NextGaussian();
                pixels[x] = (byte)Math.Clamp((int)((value * 255) + 0.5f), 0, 255);
            }
        }

        return image;
    }
}
