using System.Buffers.Binary;
using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Tests.Support;

/// <summary>Images with known pixels, as DICOM data sets of a DX "for presentation" instance.</summary>
internal static class TestImages
{
    public const string DigitalXRayForPresentation = "1.2.840.10008.5.1.4.1.1.1.1";
    public const string SecondaryCapture = "1.2.840.10008.5.1.4.1.1.7";

    /// <summary>A smooth ramp with a bright bar and a dark disc: edges and gradients both, never flat.</summary>
    public static ushort[] Pattern(int width, int height, int maxValue)
    {
        var pixels = new ushort[width * height];
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                double v = ((x * 37) + (y * 11)) % (width + height) / (double)(width + height);
                if (x > width / 3 && x < width / 2)
                    v = 0.95;
                var dx = x - (width * 2 / 3);
                var dy = y - (height / 2);
                if ((dx * dx) + (dy * dy) < height * height / 16)
                    v = 0.05 + (0.01 * (x % 3));
                pixels[(y * width) + x] = (ushort)Math.Round(v * maxValue);
            }
        }

        return pixels;
    }

    public static DicomDataset Gray(int width, int height, ushort[] pixels, int bitsAllocated, int bitsStored, string? studyUid = null)
    {
        var dataset = Identity(DigitalXRayForPresentation, studyUid);
        dataset.SetString(DicomTags.Modality, DicomVR.CS, "DX")
            .SetUInt16(DicomTags.SamplesPerPixel, 1)
            .SetString(DicomTags.PhotometricInterpretation, DicomVR.CS, "MONOCHROME2")
            .SetUInt16(DicomTags.Rows, (ushort)height)
            .SetUInt16(DicomTags.Columns, (ushort)width)
            .SetUInt16(DicomTags.BitsAllocated, (ushort)bitsAllocated)
            .SetUInt16(DicomTags.BitsStored, (ushort)bitsStored)
            .SetUInt16(DicomTags.HighBit, (ushort)(bitsStored - 1))
            .SetUInt16(DicomTags.PixelRepresentation, 0);
        byte[] data;
        if (bitsAllocated == 8)
        {
            data = pixels.Select(p => (byte)p).ToArray();
        }
        else
        {
            data = new byte[pixels.Length * 2];
            for (var i = 0; i < pixels.Length; i++)
                BinaryPrimitives.WriteUInt16LittleEndian(data.AsSpan(i * 2), pixels[i]);
        }

        dataset.SetBytes(DicomTags.PixelData, bitsAllocated == 8 ? DicomVR.OB : DicomVR.OW, data);
        return dataset;
    }

    public static DicomDataset Identity(string sopClassUid, string? studyUid = null) => new DicomDataset()
        .SetString(DicomTags.SpecificCharacterSet, DicomVR.CS, "ISO_IR 100")
        .SetString(DicomTags.SopClassUid, DicomVR.UI, sopClassUid)
        .SetString(DicomTags.SopInstanceUid, DicomVR.UI, DicomUid.Generate())
        .SetString(DicomTags.StudyDate, DicomVR.DA, "20260101")
        .SetString(DicomTags.StudyTime, DicomVR.TM, "101500")
        .SetString(DicomTags.AccessionNumber, DicomVR.SH, "ACC42")
        .SetString(DicomTags.ReferringPhysicianName, DicomVR.PN, "")
        .SetString(DicomTags.PatientName, DicomVR.PN, "Doe^Jane")
        .SetString(DicomTags.PatientId, DicomVR.LO, "PID-7")
        .SetString(DicomTags.PatientBirthDate, DicomVR.DA, "19700101")
        .SetString(DicomTags.PatientSex, DicomVR.CS, "F")
        .SetString(DicomTags.StudyInstanceUid, DicomVR.UI, studyUid ?? DicomUid.Generate())
        .SetString(DicomTags.SeriesInstanceUid, DicomVR.UI, DicomUid.Generate())
        .SetString(DicomTags.StudyId, DicomVR.SH, "S1")
        .SetString(DicomTags.SeriesNumber, DicomVR.IS, "1")
        .SetString(DicomTags.InstanceNumber, DicomVR.IS, "1");
}
