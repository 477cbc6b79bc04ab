namespace FracCluster.Dicom.Network;

/// <summary>The UIDs the network layer negotiates with: SOP classes, transfer syntaxes, the application context.</summary>
public static class DicomNetworkUids
{
    public const string ApplicationContext = "1.2.840.10008.3.1.1.1";

    public const string Verification = "1.2.840.10008.1.1";
    public const string ComputedRadiographyImageStorage = "1.2.840.10008.5.1.4.1.1.1";
    public const string DigitalXRayImageStorageForPresentation = "1.2.840.10008.5.1.4.1.1.1.1";
    public const string DigitalXRayImageStorageForProcessing = "1.2.840.10008.5.1.4.1.1.1.1.1";
    public const string SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";

    public const string ImplicitVrLittleEndian = "1.2.840.10008.1.2";
    public const string ExplicitVrLittleEndian = "1.2.840.10008.1.2.1";
    public const string DeflatedExplicitVrLittleEndian = "1.2.840.10008.1.2.1.99";
    public const string ExplicitVrBigEndian = "1.2.840.10008.1.2.2";
    public const string RleLossless = "1.2.840.10008.1.2.5";
    public const string JpegBaseline = "1.2.840.10008.1.2.4.50";
    public const string JpegExtended = "1.2.840.10008.1.2.4.51";
    public const string JpegLossless = "1.2.840.10008.1.2.4.57";
    public const string JpegLosslessSv1 = "1.2.840.10008.1.2.4.70";

    /// <summary>
    /// Ours, under the UUID-derived root (PS3.5 B.2), so it needs no registered organisation root.
    /// </summary>
    public const string ImplementationClassUid = "2.25.324395379816002803727137974670347478682";

    /// <summary>At most 16 characters (PS3.8 D.3.3.2).</summary>
    public const string ImplementationVersionName = "FRACCLUSTER_1";
}
