using System.Buffers.Binary;

namespace FracCluster.Imaging.Decoding;

/// <summary>Walks PNG chunks to IEND. CRCs are left to ImageSharp, which verifies them for critical chunks.</summary>
internal static class PngStructure
{
    public static StructureReport Inspect(ReadOnlySpan<byte> data)
    {
        var pos = 8; // after the signature
        while (true)
        {
            if (pos + 8 > data.Length)
                return StructureReport.Truncated("the PNG ends before its IEND chunk");
            var length = BinaryPrimitives.ReadUInt32BigEndian(data[pos..]);
            var type = data.Slice(pos + 4, 4);
            var chunkEnd = pos + 12L + length;
            if (chunkEnd > data.Length)
                return StructureReport.Truncated($"the PNG's {System.Text.Encoding.ASCII.GetString(type)} chunk runs past the end of the file");
            if (type.SequenceEqual("IEND"u8))
                return StructureReport.Complete;
            pos = (int)chunkEnd;
        }
    }
}
