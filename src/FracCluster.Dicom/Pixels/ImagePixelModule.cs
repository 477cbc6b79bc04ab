using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;
using T = FracCluster.Dicom.Data.DicomTags;

namespace FracCluster.Dicom.Pixels;

/// <summary>
/// The attributes that say how to turn a data set's pixel data into an image, read and cross-checked before any
/// pixel buffer is allocated. <see cref="Parse"/> refuses missing, contradictory and unsupported values with a typed
/// <see cref="DicomRejectedException"/>, and declared sizes beyond the limits as <see cref="DicomRejectionReason.PixelBomb"/>.
/// </summary>
public sealed record ImagePixelModule
{
    public required int Rows { get; init; }

    public required int Columns { get; init; }

    public required int SamplesPerPixel { get; init; }

    public required PhotometricInterpretation Photometric { get; init; }

    public required int BitsAllocated { get; init; }

    public required int BitsStored { get; init; }

    public required int HighBit { get; init; }

    /// <summary>Pixel Representation 1: two's complement samples.</summary>
    public required bool Signed { get; init; }

    /// <summary>Planar Configuration 1: colour by plane (RRR…GGG…BBB…) rather than by pixel.</summary>
    public required bool ColourByPlane { get; init; }

    public required int NumberOfFrames { get; init; }

    public double RescaleSlope { get; init; } = 1;

    public double RescaleIntercept { get; init; }

    public VoiWindow? Window { get; init; }

    public VoiLut? VoiLut { get; init; }

    /// <summary>The stored value of padding pixels (already sign-extended when <see cref="Signed"/>).</summary>
    public int? PaddingValue { get; init; }

    public bool IsMonochrome => Photometric is PhotometricInterpretation.Monochrome1 or PhotometricInterpretation.Monochrome2;

    public long PixelCount => (long)Rows * Columns;

    /// <summary>Bytes of one native (uncompressed) frame.</summary>
    public long NativeFrameBytes => Photometric == PhotometricInterpretation.YbrFull422
        ? PixelCount * 2 * (BitsAllocated / 8)
        : PixelCount * SamplesPerPixel * (BitsAllocated / 8);

    public static ImagePixelModule Parse(DicomDataset dataset, DicomReaderOptions options)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        var rows = Required(dataset, T.Rows);
        var columns = Required(dataset, T.Columns);
        if (rows == 0 || columns == 0)
            throw Invalid($"the image is {columns} × {rows} pixels");

        // Checked first, from the declared size alone, so nothing later is sized by a hostile header.
        var pixels = (long)rows * columns;
        if (pixels > options.Limits.MaxPixels)
        {
            throw new DicomRejectedException(DicomRejectionReason.PixelBomb, FormattableString.Invariant(
                $"The image declares {columns:N0} × {rows:N0} = {pixels:N0} pixels; the limit is {options.Limits.MaxPixels:N0}."));
        }

        var samples = Required(dataset, T.SamplesPerPixel);
        var photometric = ParsePhotometric(dataset.GetString(T.PhotometricInterpretation));
        var expectedSamples = photometric is Pixels.PhotometricInterpretation.Monochrome1 or Pixels.PhotometricInterpretation.Monochrome2 ? 1 : 3;
        if (samples != expectedSamples)
            throw Invalid($"Samples per Pixel is {samples} but Photometric Interpretation {dataset.GetString(T.PhotometricInterpretation)} needs {expectedSamples}");

        var bitsAllocated = Required(dataset, T.BitsAllocated);
        if (bitsAllocated is not (8 or 16))
        {
            throw bitsAllocated is 1 or 32 or 64
                ? new DicomRejectedException(DicomRejectionReason.UnsupportedPixelFormat, $"Bits Allocated {bitsAllocated} is not rendered here (8 and 16 are).")
                : Invalid($"Bits Allocated is {bitsAllocated}");
        }

        if (expectedSamples == 3 && bitsAllocated != 8)
            throw new DicomRejectedException(DicomRejectionReason.UnsupportedPixelFormat, $"Colour images with {bitsAllocated} bits allocated are not rendered here (8 are).");
        var bitsStored = Required(dataset, T.BitsStored);
        if (bitsStored < 1 || bitsStored > bitsAllocated)
            throw Invalid($"Bits Stored {bitsStored} does not fit Bits Allocated {bitsAllocated}");
        var highBit = Required(dataset, T.HighBit);
        if (highBit < bitsStored - 1 || highBit >= bitsAllocated)
            throw Invalid($"High Bit {highBit} contradicts Bits Stored {bitsStored} and Bits Allocated {bitsAllocated}");

        var signed = false;
        if (expectedSamples == 1)
        {
            var representation = Required(dataset, T.PixelRepresentation);
            if (representation > 1)
                throw Invalid($"Pixel Representation is {representation}");
            signed = representation == 1;
        }

        var byPlane = false;
        if (expectedSamples == 3)
        {
            var planar = Required(dataset, T.PlanarConfiguration);
            if (planar > 1)
                throw Invalid($"Planar Configuration is {planar}");
            byPlane = planar == 1;
            if (byPlane && photometric == Pixels.PhotometricInterpretation.YbrFull422)
                throw Invalid("YBR_FULL_422 must be colour-by-pixel (Planar Configuration 0)");
        }

        var frames = dataset.GetInteger(T.NumberOfFrames) ?? 1;
        if (frames < 1)
            throw Invalid($"Number of Frames is {frames}");

        var module = new ImagePixelModule
        {
            Rows = rows,
            Columns = columns,
            SamplesPerPixel = samples,
            Photometric = photometric,
            BitsAllocated = bitsAllocated,
            BitsStored = bitsStored,
            HighBit = highBit,
            Signed = signed,
            ColourByPlane = byPlane,
            NumberOfFrames = frames,
        };
        if (module.NativeFrameBytes > options.MaxFrameBytes)
        {
            throw new DicomRejectedException(DicomRejectionReason.PixelBomb,
                $"One frame would take {module.NativeFrameBytes:N0} bytes decoded; the budget is {options.MaxFrameBytes:N0}.");
        }

        return expectedSamples == 1 ? WithGrayscaleTransforms(module, dataset) : module;
    }

    private static ImagePixelModule WithGrayscaleTransforms(ImagePixelModule module, DicomDataset dataset)
    {
        var slope = Single(dataset, T.RescaleSlope) ?? 1;
        var intercept = Single(dataset, T.RescaleIntercept) ?? 0;
        if (slope == 0)
            throw Invalid("Rescale Slope is 0");

        VoiWindow? window = null;
        var centers = dataset.GetDecimals(T.WindowCenter);
        var widths = dataset.GetDecimals(T.WindowWidth);
        if (centers.Length != widths.Length)
            throw Invalid($"{centers.Length} Window Center value(s) but {widths.Length} Window Width value(s)");
        if (centers.Length > 0)
        {
            if (widths[0] < 1)
                throw Invalid($"Window Width is {widths[0]}; it must be at least 1");
            window = new VoiWindow(centers[0], widths[0]);
        }

        int? padding = null;
        if (dataset.GetUInt16(T.PixelPaddingValue) is { } rawPadding)
            padding = module.Signed ? (short)rawPadding : rawPadding;

        return module with
        {
            RescaleSlope = slope,
            RescaleIntercept = intercept,
            Window = window,
            VoiLut = ParseVoiLut(dataset, module.Signed),
            PaddingValue = padding,
        };
    }

    private static VoiLut? ParseVoiLut(DicomDataset dataset, bool signed)
    {
        var items = dataset.GetItems(T.VoiLutSequence);
        if (items.Count == 0)
            return null;
        var item = items[0];
        var descriptor = item.GetUInt16Values(T.LutDescriptor);
        if (descriptor.Length != 3)
            throw new DicomRejectedException(descriptor.Length == 0 ? DicomRejectionReason.MissingAttribute : DicomRejectionReason.InvalidAttribute,
                $"The VOI LUT Sequence's LUT Descriptor has {descriptor.Length} values; 3 are needed.");
        var entries = descriptor[0] == 0 ? 65536 : descriptor[0];
        int firstMapped = signed ? (short)descriptor[1] : descriptor[1];
        var bits = descriptor[2];
        if (bits is < 1 or > 16)
            throw Invalid($"the VOI LUT has {bits} bits per entry");
        var data = item.GetUInt16Values(T.LutData);
        if (data.Length < entries)
            throw Invalid($"the VOI LUT declares {entries} entries but holds {data.Length}");
        return new VoiLut(firstMapped, bits, data[..entries]);
    }

    private static PhotometricInterpretation ParsePhotometric(string? value) => value switch
    {
        null => throw new DicomRejectedException(DicomRejectionReason.MissingAttribute, "Photometric Interpretation (0028,0004) is missing."),
        "MONOCHROME1" => Pixels.PhotometricInterpretation.Monochrome1,
        "MONOCHROME2" => Pixels.PhotometricInterpretation.Monochrome2,
        "RGB" => Pixels.PhotometricInterpretation.Rgb,
        "YBR_FULL" => Pixels.PhotometricInterpretation.YbrFull,
        "YBR_FULL_422" => Pixels.PhotometricInterpretation.YbrFull422,
        "PALETTE COLOR" or "YBR_PARTIAL_422" or "YBR_PARTIAL_420" or "YBR_ICT" or "YBR_RCT" or "ARGB" or "CMYK" or "HSV" =>
            throw new DicomRejectedException(DicomRejectionReason.UnsupportedPixelFormat, $"Photometric Interpretation {value} is not rendered here."),
        _ => throw Invalid($"Photometric Interpretation '{value}' is not a DICOM photometric interpretation"),
    };

    private static int Required(DicomDataset dataset, DicomTag tag) =>
        dataset.GetUInt16(tag) ?? throw new DicomRejectedException(DicomRejectionReason.MissingAttribute, $"The image has no {Name(tag)} {tag}.");

    private static double? Single(DicomDataset dataset, DicomTag tag)
    {
        var values = dataset.GetDecimals(tag);
        return values.Length == 0 ? null : values[0];
    }

    private static string Name(DicomTag tag) =>
        tag == T.Rows ? "Rows" : tag == T.Columns ? "Columns" : tag == T.SamplesPerPixel ? "Samples per Pixel"
        : tag == T.BitsAllocated ? "Bits Allocated" : tag == T.BitsStored ? "Bits Stored" : tag == T.HighBit ? "High Bit"
        : tag == T.PixelRepresentation ? "Pixel Representation" : tag == T.PlanarConfiguration ? "Planar Configuration" : "attribute";

    private static DicomRejectedException Invalid(string problem) => new(DicomRejectionReason.InvalidAttribute, $"Contradictory or invalid image attributes: {problem}.");
}
