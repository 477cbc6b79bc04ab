using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;
using FracCluster.Imaging;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Ml.Tests.Inference;

/// <summary>Scans received by C-STORE reach the engine as Part 10 files: the batch decoder reads them like any image.</summary>
public sealed class DicomDecodingTests
{
    [Fact]
    public async Task A_dicom_file_gets_the_probability_of_the_png_with_the_same_pixels_in_the_same_batch()
    {
        using var engine = EngineFactory.Create();
        var pngs = TestImages.Many(3);
        var dicoms = pngs.Select(p => Part10FromPng(p.ToArray())).ToArray();

        var results = await engine.ClassifyAsync([pngs[0], dicoms[0], pngs[1], dicoms[1], dicoms[2], pngs[2]]);

        Assert.All(results, r => Assert.False(r.Rejected, r.RejectionMessage));
        Assert.Equal(results[0].ProbabilityFractured, results[1].ProbabilityFractured, 5);
        Assert.Equal(results[2].ProbabilityFractured, results[3].ProbabilityFractured, 5);
        Assert.Equal(results[5].ProbabilityFractured, results[4].ProbabilityFractured, 5);
    }

    [Fact]
    public async Task A_broken_dicom_file_is_rejected_alone_with_its_reason()
    {
        using var engine = EngineFactory.Create();
        var good = TestImages.Png(5);
        var dicom = Part10FromPng(good);
        var truncated = dicom[..(dicom.Length - 200)];

        var results = await engine.ClassifyAsync([good, truncated, dicom]);

        Assert.True(results[1].Rejected);
        Assert.Equal(nameof(ImageRejectionReason.Corrupt), results[1].RejectionReason);
        Assert.StartsWith("DICOM LengthPastEnd", results[1].RejectionMessage, StringComparison.Ordinal);
        Assert.False(results[0].Rejected);
        Assert.False(results[2].Rejected);
        Assert.Equal(results[0].ProbabilityFractured, results[2].ProbabilityFractured, 5);
    }

    /// <summary>
    /// The PNG's 8-bit pixels as a MONOCHROME2 DX instance with the identity window (centre 128, width 256 maps
    /// 0…255 onto itself), so its rendering is the PNG's pixels exactly.
    /// </summary>
    internal static byte[] Part10FromPng(byte[] png)
    {
        using var image = Image.Load<L8>(png);
        var pixels = new byte[image.Width * image.Height];
        image.CopyPixelDataTo(pixels);
        var dataset = new DicomDataset()
            .SetString(DicomTags.SopClassUid, DicomVR.UI, "1.2.840.10008.5.1.4.1.1.1.1")
            .SetString(DicomTags.SopInstanceUid, DicomVR.UI, DicomUid.Generate())
            .SetString(DicomTags.StudyInstanceUid, DicomVR.UI, DicomUid.Generate())
            .SetString(DicomTags.SeriesInstanceUid, DicomVR.UI, DicomUid.Generate())
            .SetString(DicomTags.Modality, DicomVR.CS, "DX")
            .SetUInt16(DicomTags.SamplesPerPixel, 1)
            .SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2")
            .SetUInt16(DicomTags.Rows, (ushort)image.Height)
            .SetUInt16(DicomTags.Columns, (ushort)image.Width)
            .SetUInt16(DicomTags.BitsAllocated, 8)
            .SetUInt16(DicomTags.BitsStored, 8)
            .SetUInt16(DicomTags.HighBit, 7)
            .SetUInt16(DicomTags.PixelRepresentation, 0)
            .SetString(DicomTags.WindowCenter, DicomVR.DS, "128")
            .SetString(DicomTags.WindowWidth, DicomVR.DS, "256")
            .SetBytes(DicomTags.PixelData, DicomVR.OB, pixels);
        return DicomWriter.WriteFile(dataset);
    }
}
