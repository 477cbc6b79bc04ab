using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Cluster.Tests.Dicom;

/// <summary>One 8-bit pixel array, as a PNG and as a DX instance that renders to exactly those pixels.</summary>
internal static class DicomTestImages
{
    public const int Width = 40;
    public const int Height = 32;

    public const string DigitalXRayForPresentation = "1.2.840.10008.5.1.4.1.1.1.1";

    /// <summary>Different per seed, never flat, so the model's probabilities differ between images.</summary>
    public static byte[] Pixels(int seed)
    {
        var random = new Random(seed);
        var pixels = new byte[Width * Height];
        for (var y = 0; y < Height; y++)
        {
            for (var x = 0; x < Width; x++)
                pixels[(y * Width) + x] = (byte)(((x * seed * 7) + (y * 13) + random.Next(64)) % 256);
        }
        return pixels;
    }

    public static byte[] Png(byte[] pixels)
    {
        using var image = Image.LoadPixelData<L8>(pixels, Width, Height);
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    /// <summary>
    /// A Part 10 file (Explicit VR LE) of a MONOCHROME2 DX instance with the identity window (centre 128, width 256
    /// maps 0…255 onto itself), so it renders to <paramref name="pixels"/> exactly.
    /// </summary>
    public static byte[] Part10(byte[] pixels, string studyUid, string seriesUid, string sopInstanceUid) =>
        DicomWriter.WriteFile(Dataset(pixels, studyUid, seriesUid, sopInstanceUid));

    /// <summary>The data set alone in Explicit VR LE, as a C-STORE carries it.</summary>
    public static byte[] DataSet(byte[] pixels, string studyUid, string seriesUid, string sopInstanceUid) =>
        DicomWriter.WriteDataset(Dataset(pixels, studyUid, seriesUid, sopInstanceUid), explicitVr: true);

    private static DicomDataset Dataset(byte[] pixels, string studyUid, string seriesUid, string sopInstanceUid) =>
        new DicomDataset()
            .SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100")
            .SetString(DicomTags.SopClassUid, DicomVR.UI, DigitalXRayForPresentation)
            .SetString(DicomTags.SopInstanceUid, DicomVR.UI, sopInstanceUid)
            .SetString(DicomTags.StudyDate, DicomVR.DA, "20261203")
            .SetString(DicomTags.StudyTime, DicomVR.TM, "101500")
            .SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC-1")
            .SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "")
            .SetString(DicomTags.PatientName, DicomVR.PN, "Doe^Jane")
            .SetString(DicomTags.PatientId, DicomVR.LO, "PID-1")
            .SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19700101")
            .SetString(DicomTags.PatientSex, DicomVR.CS, "F")
            .SetString(DicomTags.StudyInstanceUid, DicomVR.UI, studyUid)
            .SetString(DicomTags.SeriesInstanceUid, DicomVR.UI, seriesUid)
            .SetString(DicomTags.StudyId, DicomVR.SH, "S1")
            .SetString(DicomTags.SeriesNumber, DicomVR.IS, "1")
            .SetString(DicomTags.InstanceNumber, DicomVR.IS, "1")
            .SetString(DicomTags.Modality, DicomVR.CS, "DX")
            .SetUInt16(DicomTags.SamplesPerPixel, 1)
            .SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2")
            .SetUInt16(DicomTags.Rows, Height)
            .SetUInt16(DicomTags.Columns, Width)
            .SetUInt16(DicomTags.BitsAllocated, 8)
            .SetUInt16(DicomTags.BitsStored, 8)
            .SetUInt16(DicomTags.HighBit, 7)
            .SetUInt16(DicomTags.PixelRepresentation, 0)
            .SetString(DicomTags.WindowCenter, DicomVR.DS, "128")
            .SetString(DicomTags.WindowWidth, DicomVR.DS, "256")
            .SetBytes(DicomTags.PixelData, DicomVR.OB, pixels);
}
