namespace FracCluster.Dicom.Pixels;

/// <summary>The photometric interpretations rendered here (PS3.3 C.7.6.3.1.2).</summary>
public enum PhotometricInterpretation
{
    /// <summary>Grayscale, the minimum sample value displayed white (inverted on rendering).</summary>
    Monochrome1,
    Monochrome2,
    Rgb,
    YbrFull,

    /// <summary>Y at full resolution, Cb and Cr halved horizontally (natively: Y Y Cb Cr per pixel pair).</summary>
    YbrFull422,
}
