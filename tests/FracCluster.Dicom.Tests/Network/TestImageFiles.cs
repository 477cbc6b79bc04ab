using Xunit;

using System.Buffers.Binary;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>
/// One small image written by dcmtk in every transfer syntax the SCP accepts, and as CR and DX, made once per test
/// class in a temporary folder.
/// </summary>
public sealed class TestImageFiles : IAsyncLifetime
{
    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "fraccluster-dicom-net-" + Guid.NewGuid().ToString("N"));

    public string SecondaryCaptureExplicit => Path.Combine(Directory, "sc-explicit.dcm");

    public string SecondaryCaptureImplicit => Path.Combine(Directory, "sc-implicit.dcm");

    public string SecondaryCaptureDeflated => Path.Combine(Directory, "sc-deflated.dcm");

    public string SecondaryCaptureRle => Path.Combine(Directory, "sc-rle.dcm");

    public string SecondaryCaptureJpegLosslessSv1 => Path.Combine(Directory, "sc-jpeg-sv1.dcm");

    public string SecondaryCaptureJpegLossless => Path.Combine(Directory, "sc-jpeg-lossless.dcm");

    public string SecondaryCaptureJpegBaseline => Path.Combine(Directory, "sc-jpeg-baseline.dcm");

    public string SecondaryCaptureJpegExtended => Path.Combine(Directory, "sc-jpeg-extended.dcm");

    public string ComputedRadiography => Path.Combine(Directory, "cr.dcm");

    public string DigitalXRay => Path.Combine(Directory, "dx.dcm");

    public async Task InitializeAsync()
    {
        System.IO.Directory.CreateDirectory(Directory);
        var bmp = Path.Combine(Directory, "image.bmp");
        await File.WriteAllBytesAsync(bmp, GradientBmp(64, 48));
        await Dcmtk.RunCheckedAsync("img2dcm", "-i", "BMP", bmp, SecondaryCaptureExplicit);
        await Dcmtk.RunCheckedAsync("dcmconv", "+ti", SecondaryCaptureExplicit, SecondaryCaptureImplicit);
        await Dcmtk.RunCheckedAsync("dcmconv", "+td", SecondaryCaptureExplicit, SecondaryCaptureDeflated);
        await Dcmtk.RunCheckedAsync("dcmcrle", SecondaryCaptureExplicit, SecondaryCaptureRle);
        await Dcmtk.RunCheckedAsync("dcmcjpeg", "+e1", SecondaryCaptureExplicit, SecondaryCaptureJpegLosslessSv1);
        await Dcmtk.RunCheckedAsync("dcmcjpeg", "+el", SecondaryCaptureExplicit, SecondaryCaptureJpegLossless);
        await Dcmtk.RunCheckedAsync("dcmcjpeg", "+eb", SecondaryCaptureExplicit, SecondaryCaptureJpegBaseline);
        await Dcmtk.RunCheckedAsync("dcmcjpeg", "+ee", SecondaryCaptureExplicit, SecondaryCaptureJpegExtended);
        await MakeAsync(ComputedRadiography, "1.2.840.10008.5.1.4.1.1.1");
        await MakeAsync(DigitalXRay, "1.2.840.10008.5.1.4.1.1.1.1");
    }

    public Task DisposeAsync()
    {
        System.IO.Directory.Delete(Directory, recursive: true);
        return Task.CompletedTask;
    }

    private async Task MakeAsync(string path, string sopClassUid)
    {
        // A fresh instance UID so the CR and DX copies are different instances from the secondary capture.
        await Dcmtk.RunCheckedAsync("img2dcm", "-i", "BMP", Path.Combine(Directory, "image.bmp"), path);
        await Dcmtk.RunCheckedAsync("dcmodify", "-nb", "-m", $"(0008,0016)={sopClassUid}", path);
    }

    /// <summary>A 24-bit BMP with a diagonal gradient (bottom-up rows, each padded to 4 bytes).</summary>
    private static byte[] GradientBmp(int width, int height)
    {
        var row = ((width * 3) + 3) & ~3;
        var bytes = new byte[54 + (row * height)];
        bytes[0] = (byte)'B';
        bytes[1] = (byte)'M';
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(2), bytes.Length);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(10), 54);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(14), 40);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(18), width);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(22), height);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(26), 1);
        BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(28), 24);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(34), row * height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                var value = (byte)(((x * 4) + (y * 3)) % 256);
                var at = 54 + (y * row) + (x * 3);
                bytes[at] = bytes[at + 1] = bytes[at + 2] = value;
            }
        }

        return bytes;
    }
}
