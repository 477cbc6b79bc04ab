namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>Everything laid out on one film before it is exposed.</summary>
internal sealed class Scene(Frame limb, SoftTissue tissue)
{
    public Frame Limb { get; } = limb;

    public SoftTissue Tissue { get; } = tissue;

    public List<LongBone> Bones { get; } = [];

    /// <summary>Shafts a fracture or a plate may go on, with a weight for how often.</summary>
    public List<(LongBone Bone, double Weight)> Breakable { get; } = [];

    public List<IAttenuator> Others { get; } = [];

    /// <summary>Adds a bone given in limb coordinates (u along the limb, v across).</summary>
    public LongBone AddBone(
        (float U, float V) start, (float U, float V) end, float radius, float marrowRatio, float flareStart, float flareEnd,
        NoiseField texture, double breakWeight = 0)
    {
        var (x0, y0) = Limb.ToImage(start.U, start.V);
        var (x1, y1) = Limb.ToImage(end.U, end.V);
        var bone = new LongBone(x0, y0, x1, y1, radius, marrowRatio, flareStart, flareEnd, texture);
        Bones.Add(bone);
        if (breakWeight > 0)
            Breakable.Add((bone, breakWeight));
        return bone;
    }
}
