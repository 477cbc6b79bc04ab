using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>Tiny PNGs whose gray level encodes a number (the fake classifier's probability), and a corrupt one.</summary>
public static class TestImages
{
    public static byte[] Png(byte gray)
    {
        using var image = new Image<L8>(12, 12, new L8(gray));
        using var stream = new MemoryStream();
        image.SaveAsPng(stream);
        return stream.ToArray();
    }

    /// <summary>Starts like a PNG (passes the magic-bytes check) but is garbage after the signature.</summary>
    public static byte[] CorruptPng()
    {
        var bytes = new byte[256];
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        signature.CopyTo(bytes, 0);
        for (var i = signature.Length; i < bytes.Length; i++)
            bytes[i] = (byte)(i * 37);
        return bytes;
    }
}
