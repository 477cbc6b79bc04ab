namespace FracCluster.Grains.Intake;

/// <summary>
/// Recognises the image formats the decoder reads by their first bytes, so junk is refused before it is stored; a DICOM
/// Part 10 file is recognised by "DICM" after its 128-byte preamble.
/// </summary>
public static class ImageMagic
{
    /// <summary>The format name ("jpeg", "png", …) or null when the bytes start like no supported image.</summary>
    public static string? Detect(ReadOnlySpan<byte> data)
    {
        if (IsDicomPart10(data))
            return "dicom";
        if (data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF)
            return "jpeg";
        if (data.Length >= 8 && data[..8].SequenceEqual(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }))
            return "png";
        if (data.Length >= 6 && data[0] == 'G' && data[1] == 'I' && data[2] == 'F' && data[3] == '8')
            return "gif";
        if (data.Length >= 2 && data[0] == 'B' && data[1] == 'M')
            return "bmp";
        if (data.Length >= 4 && ((data[0] == 'I' && data[1] == 'I' && data[2] == 42 && data[3] == 0) || (data[0] == 'M' && data[1] == 'M' && data[2] == 0 && data[3] == 42)))
            return "tiff";
        if (data.Length >= 12 && data[0] == 'R' && data[1] == 'I' && data[2] == 'F' && data[3] == 'F' && data[8] == 'W' && data[9] == 'E' && data[10] == 'B' && data[11] == 'P')
            return "webp";
        return null;
    }

    /// <summary>A DICOM Part 10 file: any preamble, then "DICM" at offset 128 (PS3.10 7.1).</summary>
    public static bool IsDicomPart10(ReadOnlySpan<byte> data) => data.Length >= 132 && data.Slice(128, 4).SequenceEqual("DICM"u8);
}
