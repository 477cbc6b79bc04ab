using System.Buffers.Binary;

namespace FracCluster.Imaging.Decoding;

/// <summary>
/// Walks JPEG markers and entropy-coded segments to the end-of-image marker. ImageSharp pads a cut-off scan with grey
/// instead of failing, so without this walk a half-transmitted radiograph would be classified silently.
/// </summary>
internal static class JpegStructure
{
    private const byte Eoi = 0xD9;
    private const byte Sos = 0xDA;

    public static StructureReport Inspect(ReadOnlySpan<byte> data)
    {
        var unsupported = (string?)null;
        var report = Walk(data, ref unsupported);
        return report.WithUnsupported(unsupported);
    }

    private static StructureReport Walk(ReadOnlySpan<byte> data, ref string? unsupported)
    {
        var pos = 2; // after SOI
        while (true)
        {
            // Tolerate stray bytes between segments (libjpeg warns and skips them); then skip fill bytes.
            var next = data[pos..].IndexOf((byte)0xFF);
            if (next < 0)
                return StructureReport.Truncated("the JPEG ends before its end-of-image marker");
            pos += next;
            while (pos < data.Length && data[pos] == 0xFF)
                pos++;
            if (pos >= data.Length)
                return StructureReport.Truncated("the JPEG ends inside a marker");
            var marker = data[pos++];
            if (marker == Eoi)
                return StructureReport.Complete;
            if (marker == 0x00 || marker == 0x01 || marker is >= 0xD0 and <= 0xD7)
                continue; // stuffed byte, TEM or RSTn: no length field
            if (pos + 2 > data.Length)
                return StructureReport.Truncated("the JPEG ends inside a segment header");
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[pos..]);
            if (length < 2 || pos + length > data.Length)
                return StructureReport.Truncated(FormattableString.Invariant($"a JPEG segment (marker FF{marker:X2}) runs past the end of the file"));
            if (marker is 0xC3 or 0xC7 or 0xCB or 0xCF)
            {
                // Lossless JPEG (SOF3/7/11/15), common in DICOM exports; ImageSharp decodes only DCT-based JPEG.
                unsupported = FormattableString.Invariant(
                    $"lossless JPEG (SOF{marker - 0xC0}) is not supported; convert it to PNG, e.g. `dcmj2pnm --write-16-bit-png` from the DICOM or `convert in.jpg out.png`");
            }

            pos += length;
            if (marker == Sos)
            {
                var end = SkipEntropyCodedData(data, pos);
                if (end < 0)
                    return StructureReport.Truncated("the JPEG's compressed scan data is cut off before its end-of-image marker");
                pos = end;
            }
        }
    }

    /// <summary>Returns the index of the next real marker's 0xFF after a scan, or -1 at end of data.</summary>
    private static int SkipEntropyCodedData(ReadOnlySpan<byte> data, int pos)
    {
        while (true)
        {
            var next = data[pos..].IndexOf((byte)0xFF);
            if (next < 0)
                return -1;
            pos += next;
            var after = pos + 1;
            while (after < data.Length && data[after] == 0xFF)
                after++;
            if (after >= data.Length)
                return -1;
            var code = data[after];
            if (code == 0x00 || code is >= 0xD0 and <= 0xD7)
            {
                pos = after + 1; // stuffed zero or restart marker: still inside the scan
                continue;
            }

            return pos;
        }
    }
}
