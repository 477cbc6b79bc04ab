namespace FracCluster.Imaging;

/// <summary>Checked before a full decode so a hostile file cannot exhaust memory.</summary>
public sealed class ImageLimits
{
    public long MaxBytes { get; set; } = 64L * 1024 * 1024;

    public long MaxPixels { get; set; } = 100_000_000;
}
