namespace FracCluster.Imaging;

/// <summary>Resampler used to bring images to the model's square input size.</summary>
public enum ResizeInterpolation
{
    /// <summary>
    /// Bilinear with antialiasing when shrinking: ImageSharp's Triangle sampler, which reproduces PIL's BILINEAR — what
    /// torchvision's transforms.Resize runs on PIL images — to within 1 grey level (tested against PIL 9.4 output).
    /// </summary>
    Bilinear,

    /// <summary>ImageSharp's Bicubic (a = -0.5, as PIL); matches PIL within 1 level when shrinking, not when enlarging.</summary>
    Bicubic,

    /// <summary>Nearest neighbour; picks different pixels than PIL's NEAREST. For experiments only.</summary>
    Nearest,
}
