using System.Collections.Frozen;

namespace FracCluster.Dicom.Codec;

/// <summary>How the pixel data of a transfer syntax is encoded.</summary>
public enum PixelEncoding
{
    Native,
    Rle,
    JpegBaseline,
    JpegExtended,
    JpegLossless,

    /// <summary>Known but not decoded here (JPEG 2000, JPEG-LS, ...): refused as <see cref="DicomRejectionReason.UnsupportedTransferSyntax"/>.</summary>
    Unsupported,
}

/// <summary>A transfer syntax (PS3.5 10 and Annex A): how a data set and its pixels are encoded.</summary>
public sealed record DicomTransferSyntax(string Uid, string Name, bool ExplicitVr, bool Deflated, PixelEncoding Pixels)
{
    public static readonly DicomTransferSyntax ImplicitVrLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, false, PixelEncoding.Native);
    public static readonly DicomTransferSyntax ExplicitVrLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, false, PixelEncoding.Native);
    public static readonly DicomTransferSyntax DeflatedExplicitVrLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, true, PixelEncoding.Native);
    public static readonly DicomTransferSyntax RleLossless = new("1.2.840.10008.1.2.5", "RLE Lossless", true, false, PixelEncoding.Rle);
    public static readonly DicomTransferSyntax JpegBaseline = new("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)", true, false, PixelEncoding.JpegBaseline);
    public static readonly DicomTransferSyntax JpegExtended = new("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 & 4)", true, false, PixelEncoding.JpegExtended);
    public static readonly DicomTransferSyntax JpegLossless = new("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)", true, false, PixelEncoding.JpegLossless);
    public static readonly DicomTransferSyntax JpegLosslessSv1 = new("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])", true, false, PixelEncoding.JpegLossless);

    /// <summary>Every syntax this codec reads, data set and pixels.</summary>
    public static IReadOnlyList<DicomTransferSyntax> Supported { get; } =
    [
        ImplicitVrLittleEndian, ExplicitVrLittleEndian, DeflatedExplicitVrLittleEndian, RleLossless, JpegBaseline, JpegExtended,
        JpegLossless, JpegLosslessSv1,
    ];

    // Named so a refusal says what the sender used; none of these is decoded.
    private static readonly FrozenDictionary<string, string> KnownUnsupported = new Dictionary<string, string>
    {
        ["1.2.840.10008.1.2.2"] = "Explicit VR Big Endian (retired)",
        ["1.2.840.10008.1.2.4.80"] = "JPEG-LS Lossless",
        ["1.2.840.10008.1.2.4.81"] = "JPEG-LS Near-Lossless",
        ["1.2.840.10008.1.2.4.90"] = "JPEG 2000 Lossless",
        ["1.2.840.10008.1.2.4.91"] = "JPEG 2000",
        ["1.2.840.10008.1.2.4.92"] = "JPEG 2000 Part 2 Multi-component Lossless",
        ["1.2.840.10008.1.2.4.93"] = "JPEG 2000 Part 2 Multi-component",
        ["1.2.840.10008.1.2.4.201"] = "High-Throughput JPEG 2000 Lossless",
        ["1.2.840.10008.1.2.4.202"] = "High-Throughput JPEG 2000 with RPCL Options Lossless",
        ["1.2.840.10008.1.2.4.203"] = "High-Throughput JPEG 2000",
        ["1.2.840.10008.1.2.4.100"] = "MPEG2",
        ["1.2.840.10008.1.2.4.102"] = "MPEG-4 AVC/H.264",
        ["1.2.840.10008.1.2.4.110"] = "JPEG XL Lossless",
    }.ToFrozenDictionary();

    private static readonly FrozenDictionary<string, DicomTransferSyntax> ByUid = Supported.ToFrozenDictionary(s => s.Uid);

    /// <summary>The syntax of <paramref name="uid"/>; <see cref="DicomRejectionReason.UnsupportedTransferSyntax"/> for anything not decoded here.</summary>
    public static DicomTransferSyntax Parse(string? uid)
    {
        var trimmed = uid?.Trim(' ', '\0');
        if (string.IsNullOrEmpty(trimmed))
            throw new DicomRejectedException(DicomRejectionReason.MissingAttribute, "No transfer syntax UID was given.");
        if (ByUid.TryGetValue(trimmed, out var syntax))
            return syntax;
        var supported = string.Join(", ", Supported.Select(s => s.Name));
        var message = KnownUnsupported.TryGetValue(trimmed, out var name)
            ? $"Transfer syntax {name} ({trimmed}) is not supported; convert to one of: {supported}."
            : $"Transfer syntax UID '{Printable(trimmed)}' is unknown; supported: {supported}.";
        throw new DicomRejectedException(DicomRejectionReason.UnsupportedTransferSyntax, message);
    }

    public static bool IsSupported(string uid) => ByUid.ContainsKey(uid);

    public bool IsEncapsulated => Pixels != PixelEncoding.Native;

    private static string Printable(string text) =>
        new(text.Take(64).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
