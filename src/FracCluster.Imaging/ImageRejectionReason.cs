namespace FracCluster.Imaging;

/// <summary>Why an image was refused. Stable names: they travel in scan results and metrics labels.</summary>
public enum ImageRejectionReason
{
    Empty,
    Truncated,
    NotAnImage,
    UnsupportedFormat,
    TooLarge,
    PixelBomb,
    Corrupt,
}
