namespace FracCluster.Dicom.Data;

/// <summary>One data element of a data set.</summary>
public abstract class DicomElement(DicomTag tag, DicomVR vr)
{
    public DicomTag Tag { get; } = tag;

    public DicomVR VR { get; } = vr;
}

/// <summary>An element with a plain value: the bytes as encoded (little endian), without padding removed.</summary>
public sealed class DicomValueElement(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> value) : DicomElement(tag, vr)
{
    public ReadOnlyMemory<byte> Value { get; } = value;
}

/// <summary>A sequence (SQ): an ordered list of nested data sets.</summary>
public sealed class DicomSequence(DicomTag tag, IReadOnlyList<DicomDataset> items) : DicomElement(tag, DicomVR.SQ)
{
    public IReadOnlyList<DicomDataset> Items { get; } = items;
}

/// <summary>
/// Encapsulated Pixel Data (PS3.5 A.4): the Basic Offset Table (possibly empty) and the fragments that follow it.
/// </summary>
public sealed class DicomFragmentSequence(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> offsetTable, IReadOnlyList<ReadOnlyMemory<byte>> fragments)
    : DicomElement(tag, vr)
{
    public ReadOnlyMemory<byte> OffsetTable { get; } = offsetTable;

    public IReadOnlyList<ReadOnlyMemory<byte>> Fragments { get; } = fragments;
}
