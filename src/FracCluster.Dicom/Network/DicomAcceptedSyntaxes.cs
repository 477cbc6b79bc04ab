namespace FracCluster.Dicom.Network;

/// <summary>
/// What the store SCP accepts: the image SOP classes the model reads, and the transfer syntaxes the codec decodes.
/// JPEG 2000 and JPEG-LS are deliberately absent, so a sender that holds such an image converts it before sending.
/// </summary>
public static class DicomAcceptedSyntaxes
{
    public static IReadOnlySet<string> StorageSopClasses { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DicomNetworkUids.ComputedRadiographyImageStorage,
        DicomNetworkUids.DigitalXRayImageStorageForPresentation,
        DicomNetworkUids.DigitalXRayImageStorageForProcessing,
        DicomNetworkUids.SecondaryCaptureImageStorage,
    };

    public static IReadOnlySet<string> StorageTransferSyntaxes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DicomNetworkUids.ImplicitVrLittleEndian,
        DicomNetworkUids.ExplicitVrLittleEndian,
        DicomNetworkUids.DeflatedExplicitVrLittleEndian,
        DicomNetworkUids.RleLossless,
        DicomNetworkUids.JpegBaseline,
        DicomNetworkUids.JpegExtended,
        DicomNetworkUids.JpegLossless,
        DicomNetworkUids.JpegLosslessSv1,
    };

    /// <summary>Verification carries no data set, so only the two uncompressed little-endian syntaxes make sense.</summary>
    public static IReadOnlySet<string> VerificationTransferSyntaxes { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        DicomNetworkUids.ImplicitVrLittleEndian,
        DicomNetworkUids.ExplicitVrLittleEndian,
    };
}
