namespace FracCluster.Dicom.Network;

/// <summary>A-ASSOCIATE-RJ result (PS3.8 9.3.4): may the requester try again later?</summary>
public enum DicomRejectResult : byte
{
    Permanent = 1,
    Transient = 2,
}

/// <summary>Who rejected the association (PS3.8 9.3.4); the reason codes mean different things for each.</summary>
public enum DicomRejectSource : byte
{
    ServiceUser = 1,
    ServiceProviderAcse = 2,
    ServiceProviderPresentation = 3,
}

/// <summary>The result, source and reason of an A-ASSOCIATE-RJ.</summary>
public sealed record DicomAssociationRejection(DicomRejectResult Result, DicomRejectSource Source, byte Reason)
{
    public static DicomAssociationRejection NoReasonGiven { get; } = new(DicomRejectResult.Permanent, DicomRejectSource.ServiceUser, 1);
    public static DicomAssociationRejection ApplicationContextNotSupported { get; } = new(DicomRejectResult.Permanent, DicomRejectSource.ServiceUser, 2);
    public static DicomAssociationRejection CallingAeTitleNotRecognized { get; } = new(DicomRejectResult.Permanent, DicomRejectSource.ServiceUser, 3);
    public static DicomAssociationRejection CalledAeTitleNotRecognized { get; } = new(DicomRejectResult.Permanent, DicomRejectSource.ServiceUser, 7);
    public static DicomAssociationRejection ProtocolVersionNotSupported { get; } = new(DicomRejectResult.Permanent, DicomRejectSource.ServiceProviderAcse, 2);
    public static DicomAssociationRejection TemporaryCongestion { get; } = new(DicomRejectResult.Transient, DicomRejectSource.ServiceProviderPresentation, 1);
    public static DicomAssociationRejection LocalLimitExceeded { get; } = new(DicomRejectResult.Transient, DicomRejectSource.ServiceProviderPresentation, 2);

    public string Describe() => (Source, Reason) switch
    {
        (DicomRejectSource.ServiceUser, 2) => "application context name not supported",
        (DicomRejectSource.ServiceUser, 3) => "calling AE title not recognized",
        (DicomRejectSource.ServiceUser, 7) => "called AE title not recognized",
        (DicomRejectSource.ServiceUser, _) => "no reason given",
        (DicomRejectSource.ServiceProviderAcse, 2) => "protocol version not supported",
        (DicomRejectSource.ServiceProviderAcse, _) => "no reason given (ACSE)",
        (DicomRejectSource.ServiceProviderPresentation, 1) => "temporary congestion",
        (DicomRejectSource.ServiceProviderPresentation, 2) => "local limit exceeded",
        _ => $"reason {Reason}",
    };

    public override string ToString() => $"{Result} rejection by {Source}: {Describe()}";
}
