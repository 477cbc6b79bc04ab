using System.Buffers.Binary;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Imaging.Tests;

/// <summary>Builds the test corpus in memory: every format and depth, and the broken files the pipeline must refuse.</summary>
internal static class TestImages
{
    public static Image<L8> Gray8(int width, int height, Func<int, int, byte> value)
    {
        var image = new Image<L8>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                image[x, y] = new L8(value(x, y));
        }

        return image;
    }

    public static Image<L16> Gray16(int width, int height, Func<int, int, ushort> value)
    {
        var image = new Image<L16>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                image[x, y] = new L16(value(x, y));
        }

        return image;
    }

    public static Image<Rgb24> Rgb(int width, int height, Func<int, int, Rgb24> value)
    {
        var image = new Image<Rgb24>(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                image[x, y] = value(x, y);
        }

        return image;
    }

    public static byte[] Encode(Image image, IImageEncoder encoder)
    {
        using var stream = new MemoryStream();
        image.Save(stream, encoder);
        return stream.ToArray();
    }

    /// <summary>A baseline uncompressed one-strip 16-bit BlackIsZero TIFF (ImageSharp 2.1 cannot write one).</summary>
    public static byte[] Tiff16(int width, int height, Func<int, int, ushort> value, bool bigEndian = false)
    {
        const int entries = 9;
        const int ifdOffset = 8;
        var dataOffset = ifdOffset + 2 + (entries * 12) + 4;
        var dataLength = width * height * 2;
        var bytes = new byte[dataOffset + dataLength];
        void U16(int at, int v)
        {
            if (bigEndian)
                BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(at), (ushort)v);
            else
                BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(at), (ushort)v);
        }

        void U32(int at, int v)
        {
            if (bigEndian)
                BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(at), (uint)v);
            else
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(at), (uint)v);
        }

        "II*\0"u8.CopyTo(bytes);
        if (bigEndian)
            "MM\0*"u8.CopyTo(bytes);
        U32(4, ifdOffset);
        U16(ifdOffset, entries);
        var entry = ifdOffset + 2;
        void Entry(int tag, int type, int value)
        {
            U16(entry, tag);
            U16(entry + 2, type);
            U32(entry + 4, 1);
            if (type == 3)
                U16(entry + 8, value);
            else
                U32(entry + 8, value);
            entry += 12;
        }

        Entry(256, 4, width);
        Entry(257, 4, height);
        Entry(258, 3, 16); // BitsPerSample
        Entry(259, 3, 1); // no compression
        Entry(262, 3, 1); // BlackIsZero
        Entry(273, 4, dataOffset); // StripOffsets
        Entry(277, 3, 1); // SamplesPerPixel
        Entry(278, 4, height); // RowsPerStrip
        Entry(279, 4, dataLength); // StripByteCounts
        U32(entry, 0); // no next IFD
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
                U16(dataOffset + (((y * width) + x) * 2), value(x, y));
        }

        return bytes;
    }

    /// <summary>Rewrites a PNG's IHDR dimensions (and its CRC, so only the size is wrong).</summary>
    public static byte[] WithPngDimensions(byte[] png, uint width, uint height)
    {
        var copy = (byte[])png.Clone();
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(16), width);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(copy.AsSpan(29), Crc32(copy.AsSpan(12, 17)));
        return copy;
    }

    /// <summary>Rewrites the dimensions in a JPEG's start-of-frame segment.</summary>
    public static byte[] WithJpegDimensions(byte[] jpeg, ushort width, ushort height)
    {
        var copy = (byte[])jpeg.Clone();
        for (var i = 2; i < copy.Length - 9; i++)
        {
            if (copy[i] == 0xFF && copy[i + 1] is 0xC0 or 0xC1 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 5), height);
                BinaryPrimitives.WriteUInt16BigEndian(copy.AsSpan(i + 7), width);
                return copy;
            }
        }

        throw new InvalidOperationException("No SOF marker found.");
    }

    public static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
        }

        return ~crc;
    }

    /// <summary>Index of a PNG chunk's type field.</summary>
    public static int FindPngChunk(byte[] png, string type)
    {
        var pos = 8;
        while (pos + 8 <= png.Length)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(pos));
            if (System.Text.Encoding.ASCII.GetString(png, pos + 4, 4) == type)
                return pos + 4;
            pos += 12 + length;
        }

        throw new InvalidOperationException($"No {type} chunk.");
    }
}
