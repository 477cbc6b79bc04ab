namespace FracCluster.Imaging.Synthetic;

public sealed class SyntheticRadiographOptions
{
    /// <summary>Smallest side length in pixels; each side is drawn independently from [MinSize, MaxSize].</summary>
    public int MinSize { get; set; } = 300;

    public int MaxSize { get; set; } = 600;

    public int JpegQuality { get; set; } = 90;

    /// <summary>Share of images showing orthopaedic hardware (a plate with screws).</summary>
    public double HardwareRatio { get; set; } = 0.06;

    /// <summary>
    /// Multiplies the gap width, the sideways displacement and the angulation of every break (1 = the realistic
    /// default). Larger values make fractures conspicuous, so a tiny model trained from scratch at 64–96 px on CPU can
    /// learn them in a few minutes; the demo uses that. Real radiographs need a large pretrained backbone instead.
    /// </summary>
    public double FractureScale { get; set; } = 1.0;

    internal void Validate()
    {
        if (MinSize < 64 || MaxSize < MinSize || MaxSize > 4096)
            throw new ArgumentException($"Synthetic sizes must satisfy 64 ≤ MinSize ≤ MaxSize ≤ 4096 (got {MinSize}, {MaxSize}).");
        if (JpegQuality is < 1 or > 100)
            throw new ArgumentException($"JPEG quality {JpegQuality} is outside 1…100.");
        if (HardwareRatio is < 0 or > 1)
            throw new ArgumentException($"Hardware ratio {HardwareRatio} is outside 0…1.");
        if (FractureScale is < 0.25 or > 8 || double.IsNaN(FractureScale))
            throw new ArgumentException($"Fracture scale {FractureScale} is outside 0.25…8.");
    }
}
