using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Reports;

/// <summary>
/// The Patient and General Study attributes of an instance, the part of it a report copies. Kept apart (a few hundred
/// bytes) when the instance is received, so the report can be built later without reading the images back.
/// </summary>
public static class StudyAttributes
{
    /// <summary>The attributes as an Explicit VR Little Endian data set.</summary>
    public static byte[] Extract(DicomDataset instance)
    {
        ArgumentNullException.ThrowIfNull(instance);
        return DicomWriter.WriteDataset(new DicomDataset().CopyFrom(instance, DerivedInstance.PatientAndStudy), explicitVr: true);
    }

    /// <summary>Reads what <see cref="Extract"/> wrote.</summary>
    public static DicomDataset Read(DicomReader reader, ReadOnlyMemory<byte> extracted) =>
        reader.ReadDataset(extracted, DicomTransferSyntax.ExplicitVrLittleEndian.Uid).Dataset;
}
