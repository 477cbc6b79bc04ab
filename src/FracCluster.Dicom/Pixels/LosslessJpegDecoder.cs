namespace FracCluster.Dicom.Pixels;

/// <summary>
/// JPEG Lossless, Process 14 (ITU T.81 Annex H; DICOM 1.2.840.10008.1.2.4.57 and .70): Huffman-coded differences from
/// one of seven predictors, up to 16-bit samples, point transform, restart intervals, interleaved or one scan per
/// component, all sampling factors 1. Ours rather than JpegLibrary's, whose lossless decoder predicts the first row
/// wrongly for predictors 2, 3, 6 and 7 and wraps 16-bit samples into signed integers (checked against dcmdjpeg).
/// Arithmetic is modulo 2^16 as H.1.2.1 says; every fault is a <see cref="DicomRejectedException"/>.
/// </summary>
internal static class LosslessJpegDecoder
{
    private const byte StartOfFrameLossless = 0xC3;

    public static DecodedFrame Decode(ReadOnlySpan<byte> jpeg, ImagePixelModule module)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
            throw Corrupt("it does not start with SOI");

        var tables = new HuffmanTable?[4];
        Frame? frame = null;
        var restartInterval = 0;
        var position = 2;
        while (true)
        {
            var marker = NextMarker(jpeg, ref position);
            if (marker == 0xD9)
                break;
            if (marker is 0xD8 or (>= 0xD0 and <= 0xD7))
                continue;
            if (position + 2 > jpeg.Length)
                throw Corrupt("a marker segment is cut off");
            var length = (jpeg[position] << 8) | jpeg[position + 1];
            if (length < 2 || position + length > jpeg.Length)
                throw Corrupt($"marker 0xFF{marker:X2} declares {length} bytes past the end");
            var segment = jpeg.Slice(position + 2, length - 2);
            position += length;
            switch (marker)
            {
                case StartOfFrameLossless:
                    frame = ReadFrame(segment, module);
                    break;
                case 0xC4:
                    ReadHuffmanTables(segment, tables);
                    break;
                case 0xDD:
                    restartInterval = segment.Length >= 2 ? (segment[0] << 8) | segment[1] : throw Corrupt("DRI is too short");
                    break;
                case 0xDA:
                    if (frame is null)
                        throw Corrupt("a scan comes before the frame header");
                    position = DecodeScan(jpeg, position, segment, frame, tables, restartInterval);
                    break;
                case >= 0xC0 and <= 0xCF when marker is not (0xC4 or 0xC8 or 0xCC):
                    throw Corrupt($"frame type 0xFF{marker:X2} is not lossless Process 14");
                default:
                    break; // APPn, COM, DNL and the like carry nothing a lossless frame needs
            }

            if (position >= jpeg.Length)
                break;
        }

        if (frame is null)
            throw Corrupt("it has no SOF3 frame header");
        if (frame.Components.Any(c => !c.Decoded))
            throw Corrupt("not every component was in a scan");

        var planes = new ushort[frame.Components.Length][];
        for (var i = 0; i < planes.Length; i++)
        {
            var source = frame.Components[i].Samples;
            var shift = frame.Components[i].PointTransform;
            var plane = planes[i] = new ushort[source.Length];
            for (var p = 0; p < source.Length; p++)
                plane[p] = (ushort)(source[p] << shift);
        }

        return new DecodedFrame(frame.Width, frame.Height, planes);
    }

    /// <summary>True when the JPEG's frame header is SOF3 (lossless); false for DCT frames.</summary>
    public static bool IsLossless(ReadOnlySpan<byte> jpeg)
    {
        var i = 2;
        while (i + 4 <= jpeg.Length && jpeg[i] == 0xFF)
        {
            var marker = jpeg[i + 1];
            if (marker == 0xFF)
            {
                i++;
                continue;
            }

            if (marker is >= 0xC0 and <= 0xCF and not (0xC4 or 0xC8 or 0xCC))
                return marker == StartOfFrameLossless;
            i += 2 + ((jpeg[i + 2] << 8) | jpeg[i + 3]);
        }

        return false;
    }

    private static Frame ReadFrame(ReadOnlySpan<byte> segment, ImagePixelModule module)
    {
        if (segment.Length < 6)
            throw Corrupt("SOF3 is too short");
        var precision = segment[0];
        var height = (segment[1] << 8) | segment[2];
        var width = (segment[3] << 8) | segment[4];
        var count = segment[5];
        if (precision is < 2 or > 16)
            throw Corrupt($"sample precision {precision} is outside 2…16");
        if (width != module.Columns || height != module.Rows || count != module.SamplesPerPixel)
        {
            throw new DicomRejectedException(DicomRejectionReason.InvalidAttribute,
                $"JPEG pixel data contradicts the image attributes: the JPEG is {width} × {height} × {count}; the data set says {module.Columns} × {module.Rows} × {module.SamplesPerPixel}.");
        }

        if (precision > module.BitsAllocated)
            throw new DicomRejectedException(DicomRejectionReason.InvalidAttribute, $"JPEG pixel data has {precision}-bit samples; the data set allocates {module.BitsAllocated} bits.");
        if (segment.Length < 6 + (3 * count))
            throw Corrupt("SOF3 lists fewer components than it declares");
        var components = new Component[count];
        for (var i = 0; i < count; i++)
        {
            var sampling = segment[6 + (3 * i) + 1];
            if (sampling != 0x11)
                throw new DicomRejectedException(DicomRejectionReason.UnsupportedPixelFormat, "Subsampled JPEG Lossless components are not decoded here.");
            components[i] = new Component(segment[6 + (3 * i)], new int[width * height]);
        }

        return new Frame(width, height, precision, components);
    }

    private static void ReadHuffmanTables(ReadOnlySpan<byte> segment, HuffmanTable?[] tables)
    {
        var p = 0;
        while (p < segment.Length)
        {
            if (p + 17 > segment.Length)
                throw Corrupt("DHT is cut off");
            var id = segment[p] & 0x0F;
            if (id > 3)
                throw Corrupt($"Huffman table id {id}");
            var counts = segment.Slice(p + 1, 16);
            var total = 0;
            foreach (var c in counts)
                total += c;
            if (total > 256 || p + 17 + total > segment.Length)
                throw Corrupt("DHT lists more codes than it holds");
            tables[id] = HuffmanTable.Build(counts, segment.Slice(p + 17, total));
            p += 17 + total;
        }
    }

    private static int DecodeScan(ReadOnlySpan<byte> jpeg, int position, ReadOnlySpan<byte> header, Frame frame, HuffmanTable?[] tables, int restartInterval)
    {
        if (header.Length < 1 || header[0] is < 1 or > 4 || header.Length < 1 + (2 * header[0]) + 3)
            throw Corrupt("SOS is malformed");
        var count = header[0];
        var scan = new Component[count];
        var scanTables = new HuffmanTable[count];
        for (var i = 0; i < count; i++)
        {
            var id = header[1 + (2 * i)];
            scan[i] = frame.Components.FirstOrDefault(c => c.Id == id) ?? throw Corrupt($"the scan names component {id}, which the frame lacks");
            scanTables[i] = tables[header[2 + (2 * i)] >> 4] ?? throw Corrupt("the scan uses a Huffman table never defined");
        }

        var predictor = header[1 + (2 * count)];
        var pointTransform = header[3 + (2 * count)] & 0x0F;
        if (predictor is < 1 or > 7)
            throw Corrupt($"predictor {predictor} is not one of 1…7");
        if (pointTransform >= frame.Precision)
            throw Corrupt($"point transform {pointTransform} leaves no bits of {frame.Precision}");

        // T.81 H.2: in lossless mode a restart interval is a whole number of MCU rows (an MCU is one sample here).
        if (restartInterval % frame.Width != 0)
            throw Corrupt($"the restart interval {restartInterval} is not a whole number of {frame.Width}-sample rows");

        var reader = new BitReader(jpeg, position);
        var width = frame.Width;
        var rowsPerInterval = restartInterval / width;
        var initial = 1 << (frame.Precision - pointTransform - 1);
        var firstRow = 0;
        for (var y = 0; y < frame.Height; y++)
        {
            if (rowsPerInterval > 0 && y > 0 && y % rowsPerInterval == 0)
            {
                reader.Restart();
                firstRow = y;
            }

            for (var x = 0; x < width; x++)
            {
                var i = (y * width) + x;
                for (var c = 0; c < count; c++)
                {
                    // H.1.2.1: 2^(P-Pt-1) for the first sample of a scan or restart interval, Ra along its first row,
                    // Rb down the first column, the scan's predictor elsewhere.
                    var samples = scan[c].Samples;
                    var prediction = y == firstRow
                        ? (x == 0 ? initial : samples[i - 1])
                        : x == 0 ? samples[i - width] : Predict(predictor, samples[i - 1], samples[i - width], samples[i - width - 1]);
                    samples[i] = (prediction + reader.Difference(scanTables[c])) & 0xFFFF;
                }
            }
        }

        foreach (var component in scan)
        {
            component.Decoded = true;
            component.PointTransform = pointTransform;
        }

        return reader.EndOfScan();
    }

    private static int Predict(int predictor, int a, int b, int c) => predictor switch
    {
        1 => a,
        2 => b,
        3 => c,
        4 => a + b - c,
        5 => a + ((b - c) >> 1),
        6 => b + ((a - c) >> 1),
        _ => (a + b) >> 1,
    };

    private static byte NextMarker(ReadOnlySpan<byte> jpeg, ref int position)
    {
        while (position + 1 < jpeg.Length)
        {
            if (jpeg[position] == 0xFF && jpeg[position + 1] is not (0x00 or 0xFF))
            {
                var marker = jpeg[position + 1];
                position += 2;
                return marker;
            }

            position++;
        }

        position = jpeg.Length;
        return 0xD9; // a missing EOI ends the data; a missing component is caught after the loop
    }

    private static DicomRejectedException Corrupt(string problem) =>
        new(DicomRejectionReason.CorruptPixelData, $"JPEG Lossless pixel data is corrupt: {problem}.");

    private sealed record Frame(int Width, int Height, int Precision, Component[] Components);

    private sealed class Component(byte id, int[] samples)
    {
        public byte Id { get; } = id;

        public int[] Samples { get; } = samples;

        public bool Decoded { get; set; }

        public int PointTransform { get; set; }
    }

    /// <summary>
    /// A canonical Huffman table (T.81 F.2.2.3): codes up to <see cref="LookupBits"/> long are found with one table
    /// lookup on the next bits; longer ones by the per-length largest code.
    /// </summary>
    private sealed class HuffmanTable
    {
        private const int LookupBits = 9;

        private readonly int[] maxCode = new int[17];
        private readonly int[] valueOffset = new int[17];

        // Per LookupBits-bit prefix: (code length << 8) | value, or 0 when the code is longer.
        private readonly int[] lookup = new int[1 << LookupBits];
        private byte[] values = [];

        public static HuffmanTable Build(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> values)
        {
            var table = new HuffmanTable { values = values.ToArray() };
            var code = 0;
            var k = 0;
            for (var length = 1; length <= 16; length++)
            {
                var n = counts[length - 1];
                if (code + n > 1 << length)
                    throw Corrupt("a Huffman table lists more codes than its lengths allow");
                table.valueOffset[length] = k - code;
                if (length <= LookupBits)
                {
                    for (var j = 0; j < n; j++)
                    {
                        var first = (code + j) << (LookupBits - length);
                        var entry = (length << 8) | values[k + j];
                        table.lookup.AsSpan(first, 1 << (LookupBits - length)).Fill(entry);
                    }
                }

                code += n;
                k += n;
                table.maxCode[length] = n > 0 ? code - 1 : -1;
                code <<= 1;
            }

            return table;
        }

        public int Decode(ref BitReader reader)
        {
            var entry = lookup[reader.Peek(LookupBits)];
            if (entry != 0)
            {
                reader.Skip(entry >> 8);
                return entry & 0xFF;
            }

            var bits = reader.Peek(16);
            for (var length = LookupBits + 1; length <= 16; length++)
            {
                var code = bits >> (16 - length);
                if (code <= maxCode[length])
                {
                    reader.Skip(length);
                    return values[valueOffset[length] + code];
                }
            }

            throw Corrupt("a Huffman code matches no table entry");
        }
    }

    /// <summary>
    /// Entropy-coded bits through a 64-bit window, with 0xFF00 unstuffed and markers not crossed (zeros are fed in
    /// their place, a bounded number of times: a scan cut short is refused, not read forever).
    /// </summary>
    private ref struct BitReader(ReadOnlySpan<byte> data, int position)
    {
        private const int MaxZeroBytes = 64;

        private readonly ReadOnlySpan<byte> data = data;
        private int position = position;
        private ulong window;
        private int count;
        private int zerosFed;

        public int Difference(HuffmanTable table)
        {
            var category = table.Decode(ref this);
            switch (category)
            {
                case 0:
                    return 0;
                case 16:
                    return 32768;
                case > 16:
                    throw Corrupt($"difference category {category}");
            }

            var value = Peek(category);
            Skip(category);
            return value < 1 << (category - 1) ? value - (1 << category) + 1 : value;
        }

        public int Peek(int bits)
        {
            if (count < bits)
                Fill();
            return (int)(window >> (64 - bits));
        }

        public void Skip(int bits)
        {
            window <<= bits;
            count -= bits;
        }

        /// <summary>Drops the bits left over and consumes the RSTn marker that must follow the interval.</summary>
        public void Restart()
        {
            window = 0;
            count = 0;
            zerosFed = 0;
            while (position + 1 < data.Length && !(data[position] == 0xFF && data[position + 1] is >= 0xD0 and <= 0xD7))
            {
                if (data[position] == 0xFF && data[position + 1] is not (0x00 or 0xFF))
                    throw Corrupt("a restart marker is missing");
                position++;
            }

            if (position + 1 >= data.Length)
                throw Corrupt("a restart marker is missing");
            position += 2;
        }

        /// <summary>Where the next marker segment starts.</summary>
        public readonly int EndOfScan()
        {
            var p = position;
            while (p + 1 < data.Length && !(data[p] == 0xFF && data[p + 1] is not (0x00 or (>= 0xD0 and <= 0xD7))))
                p++;
            return p;
        }

        private void Fill()
        {
            while (count <= 56)
            {
                int next;
                if (position < data.Length && data[position] != 0xFF)
                {
                    next = data[position++];
                }
                else if (position + 1 < data.Length && data[position + 1] == 0x00)
                {
                    next = 0xFF;
                    position += 2;
                }
                else
                {
                    // A marker or the end. The window reads ahead up to 8 bytes, so a few zeros are normal at the end
                    // of a scan; many mean the scan ends before its samples do.
                    if (++zerosFed > MaxZeroBytes)
                        throw Corrupt("the scan ends before its samples do");
                    next = 0;
                }

                window |= (ulong)next << (56 - count);
                count += 8;
            }
        }
    }
}
