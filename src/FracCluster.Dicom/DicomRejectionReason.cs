using FracCluster.Imaging;

namespace FracCluster.Dicom;

/// <summary>Why a DICOM object was refused. Stable names: they travel in store responses, scan results and metrics labels.</summary>
public enum DicomRejectionReason
{
    /// <summary>No bytes at all.</summary>
    Empty,

    /// <summary>A Part 10 file without the "DICM" prefix after its 128-byte preamble.</summary>
    NotDicom,

    /// <summary>The data ends inside an element header or value.</summary>
    Truncated,

    /// <summary>An element's declared length runs past the end of its data set, item or file.</summary>
    LengthPastEnd,

    /// <summary>An element with an odd value length (PS3.5 7.1.1 requires even lengths).</summary>
    OddLength,

    /// <summary>An undefined length where none is allowed, or one whose delimiter never comes.</summary>
    MissingDelimiter,

    /// <summary>Sequences nested deeper than <see cref="DicomReaderOptions.MaxSequenceDepth"/>.</summary>
    NestingTooDeep,

    /// <summary>Structure that is not DICOM: bad VR codes, stray delimiters, repeated tags, a bad item.</summary>
    Malformed,

    /// <summary>A transfer syntax this codec does not decode (JPEG 2000, JPEG-LS, big endian, unknown UIDs).</summary>
    UnsupportedTransferSyntax,

    /// <summary>A required attribute is absent.</summary>
    MissingAttribute,

    /// <summary>An attribute value that is out of range or contradicts another.</summary>
    InvalidAttribute,

    /// <summary>A valid pixel format this codec does not render (palette colour, 32-bit samples, ...).</summary>
    UnsupportedPixelFormat,

    /// <summary>More bytes than <see cref="ImageLimits.MaxBytes"/>, raw or inflated.</summary>
    TooLarge,

    /// <summary>More pixels than <see cref="ImageLimits.MaxPixels"/> or a frame beyond the decode budget, refused before allocating.</summary>
    PixelBomb,

    /// <summary>Compressed pixel data that does not decode.</summary>
    CorruptPixelData,
}

/// <summary>Maps DICOM reasons onto the image reasons the rest of the system reports.</summary>
public static class DicomRejectionReasons
{
    public static ImageRejectionReason ToImageRejectionReason(this DicomRejectionReason reason) => reason switch
    {
        DicomRejectionReason.Empty => ImageRejectionReason.Empty,
        DicomRejectionReason.NotDicom => ImageRejectionReason.NotAnImage,
        DicomRejectionReason.Truncated => ImageRejectionReason.Truncated,
        DicomRejectionReason.UnsupportedTransferSyntax or DicomRejectionReason.UnsupportedPixelFormat => ImageRejectionReason.UnsupportedFormat,
        DicomRejectionReason.TooLarge => ImageRejectionReason.TooLarge,
        DicomRejectionReason.PixelBomb => ImageRejectionReason.PixelBomb,
        _ => ImageRejectionReason.Corrupt,
    };
}
