using FracCluster.Dicom.Data;
using FracCluster.Dicom.Pixels;

namespace FracCluster.Dicom.Reports;

/// <summary>A box drawn on the marked copy, in pixels of the rendered image.</summary>
public readonly record struct MarkerBox(int X, int Y, int Width, int Height);

/// <summary>
/// A Secondary Capture (PS3.3 A.8.1) of the most suspicious image with a visible marker burned in: the rendered frame
/// as RGB, a box in a colour no grayscale pixel has, in the study and a new series; the source image is only read,
/// never changed (FDA-cleared fracture products return such a marked copy, not an edited original).
/// </summary>
public static class SecondaryCaptureBuilder
{
    public const string SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";

    public const int SeriesNumber = 9902;

    private static readonly byte[] MarkerColour = [255, 200, 0];

    /// <param name="rendered">The most suspicious instance as <see cref="DicomPixelRenderer"/> rendered it.</param>
    /// <param name="box">Where to draw; null draws a frame just inside the image's edges (the classifier marks the image, not a region).</param>
    public static DicomDataset Build(FractureStudyResult result, RenderedImage rendered, MarkerBox? box = null)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(rendered);
        var source = result.MostSuspicious;
        var rgb = ToRgb(rendered);
        var thickness = Math.Max(2, Math.Min(rendered.Width, rendered.Height) / 100);
        var inset = Math.Max(1, Math.Min(rendered.Width, rendered.Height) / 50);
        var marker = box ?? new MarkerBox(inset, inset, rendered.Width - (2 * inset), rendered.Height - (2 * inset));
        DrawBox(rgb, rendered.Width, rendered.Height, marker, thickness);

        var description = $"Marked copy: P(fracture) {StructuredReportBuilder.FormatDecimal(source.Probability)} by {result.ModelName} {result.ModelVersion}";
        return DerivedInstance.Start(result, SecondaryCaptureImageStorage, "sc", "OT", SeriesNumber)
            .SetString(DicomTags.SeriesDescription, DicomVR.LO, "FracCluster marked image")
            .SetString(DicomTags.ConversionType, DicomVR.CS, "WSD")
            .SetString(DicomTags.ImageType, DicomVR.CS, "DERIVED", "SECONDARY")
            .SetString(DicomTags.PatientOrientation, DicomVR.CS, "")
            .SetString(DicomTags.DerivationDescription, DicomVR.ST, DerivedInstance.Clip(description, 1024))
            .SetSequence(DicomTags.SourceImageSequence, DerivedInstance.Reference(source.SopClassUid, source.SopInstanceUid))
            .SetString(DicomTags.BurnedInAnnotation, DicomVR.CS, "YES")
            .SetUInt16(DicomTags.SamplesPerPixel, 3)
            .SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "RGB")
            .SetUInt16(DicomTags.PlanarConfiguration, 0)
            .SetUInt16(DicomTags.Rows, checked((ushort)rendered.Height))
            .SetUInt16(DicomTags.Columns, checked((ushort)rendered.Width))
            .SetUInt16(DicomTags.BitsAllocated, 8)
            .SetUInt16(DicomTags.BitsStored, 8)
            .SetUInt16(DicomTags.HighBit, 7)
            .SetUInt16(DicomTags.PixelRepresentation, 0)
            .SetBytes(DicomTags.PixelData, DicomVR.OB, rgb);
    }

    private static byte[] ToRgb(RenderedImage rendered)
    {
        if (!rendered.Grayscale)
            return (byte[])rendered.Pixels.Clone();
        var rgb = new byte[rendered.Pixels.Length * 3];
        for (var i = 0; i < rendered.Pixels.Length; i++)
            rgb[i * 3] = rgb[(i * 3) + 1] = rgb[(i * 3) + 2] = rendered.Pixels[i];
        return rgb;
    }

    private static void DrawBox(byte[] rgb, int width, int height, MarkerBox box, int thickness)
    {
        var left = Math.Clamp(box.X, 0, width - 1);
        var top = Math.Clamp(box.Y, 0, height - 1);
        var right = Math.Clamp(box.X + box.Width - 1, left, width - 1);
        var bottom = Math.Clamp(box.Y + box.Height - 1, top, height - 1);
        for (var y = top; y <= bottom; y++)
        {
            for (var x = left; x <= right; x++)
            {
                var edge = x - left < thickness || right - x < thickness || y - top < thickness || bottom - y < thickness;
                if (edge)
                    MarkerColour.CopyTo(rgb, ((y * width) + x) * 3);
            }
        }
    }
}
