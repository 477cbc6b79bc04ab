using System.Buffers.Binary;
using System.Text;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>
/// Test-only: the File Meta Information of a Part 10 file (always Explicit VR LE) and the data set bytes after it,
/// enough to send the file with the SCU and to compare what an SCP received. The real reader is the codec's.
/// </summary>
internal sealed record Part10File(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, byte[] DataSet)
{
    public static Part10File Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 132 || Encoding.ASCII.GetString(bytes, 128, 4) != "DICM")
        {
            throw new InvalidDataException($"{path} is not a Part 10 file");
        }

        string? sopClass = null, sopInstance = null, transferSyntax = null;
        var offset = 132;
        while (offset + 8 <= bytes.Length && BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset)) == 0x0002)
        {
            var element = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 2));
            var vr = Encoding.ASCII.GetString(bytes, offset + 4, 2);
            int length, header;
            if (vr is "OB" or "OW" or "UN" or "SQ" or "UT")
            {
                length = (int)BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(offset + 8));
                header = 12;
            }
            else
            {
                length = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(offset + 6));
                header = 8;
            }

            var value = Encoding.ASCII.GetString(bytes, offset + header, length).TrimEnd('\0', ' ');
            switch (element)
            {
                case 0x0002: sopClass = value; break;
                case 0x0003: sopInstance = value; break;
                case 0x0010: transferSyntax = value; break;
                default: break;
            }

            offset += header + length;
        }

        return new Part10File(
            sopClass ?? throw new InvalidDataException("no (0002,0002)"),
            sopInstance ?? throw new InvalidDataException("no (0002,0003)"),
            transferSyntax ?? throw new InvalidDataException("no (0002,0010)"),
            bytes[offset..]);
    }

    public FracCluster.Dicom.Network.DicomStoreInstance ToInstance() => new(SopClassUid, SopInstanceUid, TransferSyntaxUid, DataSet);
}
