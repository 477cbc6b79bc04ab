using System.Buffers.Binary;
using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Codec;

/// <summary>
/// Writes data sets (Explicit or Implicit VR Little Endian) and Part 10 files (preamble, "DICM", a file meta group
/// with its group length, then the data set). Sequences and items are written with undefined lengths and delimiters;
/// encapsulated pixel data keeps its fragments. Values are padded to even lengths.
/// </summary>
public static class DicomWriter
{
    private const uint UndefinedLength = 0xFFFFFFFF;

    /// <summary>A Part 10 file of <paramref name="dataset"/> in Explicit VR Little Endian; the meta group is built from its SOP Class and Instance UIDs.</summary>
    public static byte[] WriteFile(DicomDataset dataset, string? sourceAeTitle = null)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        if (dataset.Get(DicomTags.PixelData) is DicomFragmentSequence)
            throw new ArgumentException("Encapsulated pixel data needs its own transfer syntax; use WrapDataset with the encoded data set.", nameof(dataset));
        var sopClass = dataset.GetString(DicomTags.SopClassUid) ?? throw new ArgumentException("The data set has no SOP Class UID.", nameof(dataset));
        var sopInstance = dataset.GetString(DicomTags.SopInstanceUid) ?? throw new ArgumentException("The data set has no SOP Instance UID.", nameof(dataset));
        return WrapDataset(sopClass, sopInstance, DicomTransferSyntax.ExplicitVrLittleEndian.Uid, WriteDataset(dataset, explicitVr: true), sourceAeTitle);
    }

    /// <summary>
    /// A Part 10 file around data-set bytes already encoded in <paramref name="transferSyntaxUid"/> (as received over
    /// an association): the bytes are written as they are, after a file meta group that names them. An invalid UID is
    /// refused with <see cref="DicomRejectionReason.InvalidAttribute"/>.
    /// </summary>
    public static byte[] WrapDataset(string sopClassUid, string sopInstanceUid, string transferSyntaxUid, ReadOnlySpan<byte> dataset, string? sourceAeTitle = null)
    {
        foreach (var (name, uid) in new[] { ("SOP Class UID", sopClassUid), ("SOP Instance UID", sopInstanceUid), ("Transfer Syntax UID", transferSyntaxUid) })
        {
            // These come from a sender over the network: a bad one is bad input, refused like any other.
            if (!DicomUid.IsValid(uid))
                throw new DicomRejectedException(DicomRejectionReason.InvalidAttribute, $"{name} '{uid}' is not a valid UID.");
        }

        var meta = new DicomDataset()
            .SetBytes(DicomTags.FileMetaInformationVersion, DicomVR.OB, new byte[] { 0x00, 0x01 })
            .SetString(DicomTags.MediaStorageSopClassUid, DicomVR.UI, sopClassUid)
            .SetString(DicomTags.MediaStorageSopInstanceUid, DicomVR.UI, sopInstanceUid)
            .SetString(DicomTags.TransferSyntaxUid, DicomVR.UI, transferSyntaxUid)
            .SetString(DicomTags.ImplementationClassUid, DicomVR.UI, DicomUid.ImplementationClassUid)
            .SetString(DicomTags.ImplementationVersionName, DicomVR.SH, DicomUid.ImplementationVersionName);
        if (!string.IsNullOrWhiteSpace(sourceAeTitle))
            meta.SetString(DicomTags.SourceApplicationEntityTitle, DicomVR.AE, sourceAeTitle.Trim());
        var metaBytes = WriteDataset(meta, explicitVr: true);

        using var output = new MemoryStream(132 + 12 + metaBytes.Length + dataset.Length);
        output.Write(new byte[128]);
        output.Write("DICM"u8);
        var groupLength = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(groupLength, (uint)metaBytes.Length);
        WriteElement(output, new DicomValueElement(DicomTags.FileMetaInformationGroupLength, DicomVR.UL, groupLength), explicitVr: true);
        output.Write(metaBytes);
        output.Write(dataset);
        return output.ToArray();
    }

    /// <summary>The data set alone (no preamble, no meta group), as a C-STORE carries it.</summary>
    public static byte[] WriteDataset(DicomDataset dataset, bool explicitVr = true)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var output = new MemoryStream();
        WriteElements(output, dataset, explicitVr);
        return output.ToArray();
    }

    private static void WriteElements(Stream output, DicomDataset dataset, bool explicitVr)
    {
        foreach (var element in dataset.Elements)
        {
            // The meta group is written by WrapDataset only: inside a data set it would be read as a second header.
            if (element.Tag.Group == 0x0002 && element.Tag.Element == 0x0000)
                continue;
            WriteElement(output, element, explicitVr);
        }
    }

    private static void WriteElement(Stream output, DicomElement element, bool explicitVr)
    {
        switch (element)
        {
            case DicomSequence sequence:
                WriteHeader(output, sequence.Tag, DicomVR.SQ, UndefinedLength, explicitVr);
                foreach (var item in sequence.Items)
                {
                    WriteItemHeader(output, DicomTags.Item, UndefinedLength);
                    WriteElements(output, item, explicitVr);
                    WriteItemHeader(output, DicomTags.ItemDelimitationItem, 0);
                }

                WriteItemHeader(output, DicomTags.SequenceDelimitationItem, 0);
                break;
            case DicomFragmentSequence fragments:
                WriteHeader(output, fragments.Tag, fragments.VR, UndefinedLength, explicitVr);
                WriteItemHeader(output, DicomTags.Item, (uint)fragments.OffsetTable.Length);
                output.Write(fragments.OffsetTable.Span);
                foreach (var fragment in fragments.Fragments)
                {
                    WriteItemHeader(output, DicomTags.Item, (uint)(fragment.Length + (fragment.Length & 1)));
                    output.Write(fragment.Span);
                    if ((fragment.Length & 1) == 1)
                        output.WriteByte(0);
                }

                WriteItemHeader(output, DicomTags.SequenceDelimitationItem, 0);
                break;
            case DicomValueElement value:
                var length = value.Value.Length + (value.Value.Length & 1);
                var vr = value.VR;

                // A value too long for a 16-bit length field can only travel as UN (PS3.5 6.2.2).
                if (explicitVr && !vr.HasLongLength() && length > ushort.MaxValue)
                    vr = DicomVR.UN;
                WriteHeader(output, value.Tag, vr, (uint)length, explicitVr);
                output.Write(value.Value.Span);
                if ((value.Value.Length & 1) == 1)
                    output.WriteByte(value.VR.PaddingByte());
                break;
            default:
                throw new ArgumentException($"Element {element.Tag} is of an unknown kind.", nameof(element));
        }
    }

    private static void WriteHeader(Stream output, DicomTag tag, DicomVR vr, uint length, bool explicitVr)
    {
        Span<byte> header = stackalloc byte[12];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        if (!explicitVr)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
            output.Write(header[..8]);
            return;
        }

        var (first, second) = vr.Code();
        header[4] = first;
        header[5] = second;
        if (vr.HasLongLength())
        {
            header[6] = 0;
            header[7] = 0;
            BinaryPrimitives.WriteUInt32LittleEndian(header[8..], length);
            output.Write(header);
        }
        else
        {
            BinaryPrimitives.WriteUInt16LittleEndian(header[6..], (ushort)length);
            output.Write(header[..8]);
        }
    }

    private static void WriteItemHeader(Stream output, DicomTag tag, uint length)
    {
        Span<byte> header = stackalloc byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(header, tag.Group);
        BinaryPrimitives.WriteUInt16LittleEndian(header[2..], tag.Element);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], length);
        output.Write(header);
    }
}
