using System.Buffers.Binary;

namespace FracCluster.Imaging.Decoding;

/// <summary>
/// Reads the first IFD of a classic TIFF: its colour layout, and whether every strip or tile it points to lies inside the
/// file. Only the first page is decoded (<c>FrameDecodingMode.First</c>), so only the first IFD matters.
/// </summary>
internal static class TiffStructure
{
    private const ushort TagBitsPerSample = 258;
    private const ushort TagPhotometric = 262;
    private const ushort TagStripOffsets = 273;
    private const ushort TagSamplesPerPixel = 277;
    private const ushort TagStripByteCounts = 279;
    private const ushort TagTileOffsets = 324;
    private const ushort TagTileByteCounts = 325;
    private const ushort TypeShort = 3;
    private const ushort TypeLong = 4;

    public static StructureReport Inspect(ReadOnlySpan<byte> data, out TiffLayout layout)
    {
        layout = new TiffLayout(Photometric: 2, BitsPerSample: 8, SamplesPerPixel: 3);
        if (data.Length < 8)
            return StructureReport.Truncated("the TIFF ends inside its header");
        var bigEndian = data[0] == 'M';
        if (ReadUInt16(data[2..], bigEndian) == 43)
            return StructureReport.Complete; // BigTIFF: 64-bit offsets; left to the decoder.

        var ifd = ReadUInt32(data[4..], bigEndian);
        if (ifd + 2L > data.Length)
            return StructureReport.Truncated("the TIFF's first directory lies past the end of the file");
        int count = ReadUInt16(data[(int)ifd..], bigEndian);
        var entriesStart = (int)ifd + 2;
        if (entriesStart + (12L * count) > data.Length)
            return StructureReport.Truncated("the TIFF's first directory is cut off");

        int photometric = 2, bits = 8, samples = 1;
        ReadOnlySpan<byte> stripOffsets = default, stripCounts = default;
        ushort offsetsType = 0, countsType = 0;
        var problem = (string?)null;
        for (var i = 0; i < count && problem is null; i++)
        {
            var entry = data.Slice(entriesStart + (12 * i), 12);
            var tag = ReadUInt16(entry, bigEndian);
            var type = ReadUInt16(entry[2..], bigEndian);
            var n = ReadUInt32(entry[4..], bigEndian);
            switch (tag)
            {
                case TagPhotometric:
                    photometric = ReadScalar(entry, type, bigEndian);
                    break;
                case TagSamplesPerPixel:
                    samples = ReadScalar(entry, type, bigEndian);
                    break;
                case TagBitsPerSample:
                    // One value per sample; they are equal in every layout the decoder supports, so the first one speaks for all.
                    bits = n * 2 <= 4 ? ReadScalar(entry, type, bigEndian) : ReadFirstOfArray(data, entry, bigEndian, ref problem);
                    break;
                case TagStripOffsets or TagTileOffsets:
                    stripOffsets = ValueBytes(data, entry, type, n, bigEndian, ref problem);
                    offsetsType = type;
                    break;
                case TagStripByteCounts or TagTileByteCounts:
                    stripCounts = ValueBytes(data, entry, type, n, bigEndian, ref problem);
                    countsType = type;
                    break;
            }
        }

        layout = new TiffLayout(photometric, bits, samples);
        if (problem is not null)
            return StructureReport.Truncated(problem);
        var items = Math.Min(Length(stripOffsets, offsetsType), Length(stripCounts, countsType));
        for (var i = 0; i < items; i++)
        {
            var end = (long)Item(stripOffsets, offsetsType, i, bigEndian) + Item(stripCounts, countsType, i, bigEndian);
            if (end > data.Length)
            {
                return StructureReport.Truncated(FormattableString.Invariant(
                    $"the TIFF's image data ends at byte {end:N0} but the file has {data.Length:N0} bytes"));
            }
        }

        return StructureReport.Complete;
    }

    private static int ReadScalar(ReadOnlySpan<byte> entry, ushort type, bool bigEndian) =>
        type == TypeShort ? ReadUInt16(entry[8..], bigEndian) : (int)Math.Min(ReadUInt32(entry[8..], bigEndian), int.MaxValue);

    private static int ReadFirstOfArray(ReadOnlySpan<byte> data, ReadOnlySpan<byte> entry, bool bigEndian, ref string? problem)
    {
        var offset = ReadUInt32(entry[8..], bigEndian);
        if (offset + 2L > data.Length)
        {
            problem = "the TIFF's BitsPerSample values lie past the end of the file";
            return 8;
        }

        return ReadUInt16(data[(int)offset..], bigEndian);
    }

    private static ReadOnlySpan<byte> ValueBytes(
        ReadOnlySpan<byte> data, ReadOnlySpan<byte> entry, ushort type, uint n, bool bigEndian, scoped ref string? problem)
    {
        var size = type == TypeShort ? 2L : type == TypeLong ? 4L : 0L;
        var total = size * n;
        if (total == 0)
            return default;
        if (total <= 4)
            return entry.Slice(8, (int)total);
        var offset = ReadUInt32(entry[8..], bigEndian);
        if (offset + total > data.Length)
        {
            problem = "the TIFF's strip or tile table lies past the end of the file";
            return default;
        }

        return data.Slice((int)offset, (int)total);
    }

    private static int Length(ReadOnlySpan<byte> values, ushort type) =>
        type == TypeShort ? values.Length / 2 : values.Length / 4;

    private static uint Item(ReadOnlySpan<byte> values, ushort type, int index, bool bigEndian) =>
        type == TypeShort ? ReadUInt16(values[(index * 2)..], bigEndian) : ReadUInt32(values[(index * 4)..], bigEndian);

    private static ushort ReadUInt16(ReadOnlySpan<byte> span, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt16BigEndian(span) : BinaryPrimitives.ReadUInt16LittleEndian(span);

    private static uint ReadUInt32(ReadOnlySpan<byte> span, bool bigEndian) =>
        bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(span) : BinaryPrimitives.ReadUInt32LittleEndian(span);
}
