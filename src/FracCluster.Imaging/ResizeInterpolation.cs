namespace FracCluster.Imaging;

/// <summary>Resampler used to bring images to the model's square input size.</summary>
public enum ResizeInterpolation
{
    /// <summary>Bilinear with antialiasing when shrinking (PyTorch's transforms.Resize on tensors/PIL, antialias=True).</summary>
    Bilinear,
    Bicubic,
    Nearest,
}
