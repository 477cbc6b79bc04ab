using System.Buffers.Binary;

namespace FracCluster.Imaging.Decoding;

/// <summary>Checks that an uncompressed BMP holds every row its header promises.</summary>
internal static class BmpStructure
{
    private const int FileHeaderSize = 14;

    public static StructureReport Inspect(ReadOnlySpan<byte> data)
    {
        if (data.Length < FileHeaderSize + 16)
            return StructureReport.Truncated("the BMP ends inside its headers");
        var pixelOffset = BinaryPrimitives.ReadUInt32LittleEndian(data[10..]);
        var dibSize = BinaryPrimitives.ReadUInt32LittleEndian(data[14..]);
        long width, height;
        int bitsPerPixel;
        uint compression = 0;
        if (dibSize == 12)
        {
            width = BinaryPrimitives.ReadUInt16LittleEndian(data[18..]);
            height = BinaryPrimitives.ReadUInt16LittleEndian(data[20..]);
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[24..]);
        }
        else
        {
            if (data.Length < FileHeaderSize + 20)
                return StructureReport.Truncated("the BMP ends inside its headers");
            width = BinaryPrimitives.ReadInt32LittleEndian(data[18..]);
            height = Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(data[22..]));
            bitsPerPixel = BinaryPrimitives.ReadUInt16LittleEndian(data[28..]);
            compression = BinaryPrimitives.ReadUInt32LittleEndian(data[30..]);
        }

        if (pixelOffset > data.Length)
            return StructureReport.Truncated("the BMP ends before its pixel data starts");

        // BI_RGB, BI_BITFIELDS, BI_ALPHABITFIELDS: fixed row size. RLE and embedded JPEG/PNG have no fixed size to check.
        if (compression is 0 or 3 or 6)
        {
            var stride = ((width * bitsPerPixel) + 31) / 32 * 4;
            var needed = pixelOffset + (stride * height);
            if (needed > data.Length)
            {
                return StructureReport.Truncated(FormattableString.Invariant(
                    $"the BMP holds {data.Length - pixelOffset:N0} bytes of pixel data; its header promises {needed - pixelOffset:N0}"));
            }
        }

        return StructureReport.Complete;
    }
}
