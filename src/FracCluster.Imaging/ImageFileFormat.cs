namespace FracCluster.Imaging;

/// <summary>An encoded image format recognised from its leading bytes. Only JPEG, PNG, BMP and TIFF are decoded.</summary>
public enum ImageFileFormat
{
    /// <summary>No known image signature: not an image, or an image format nobody here knows.</summary>
    Unknown,
    Jpeg,
    Png,
    Bmp,
    Tiff,
    Gif,
    WebP,

    /// <summary>DICOM Part 10 file: 128-byte preamble then "DICM".</summary>
    Dicom,
    Jpeg2000,
    JpegXl,

    /// <summary>ISO-BMFF images: HEIC/HEIF and AVIF.</summary>
    Heif,
}
