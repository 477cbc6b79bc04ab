namespace FracCluster.Dicom.Network;

/// <summary>PDU types of the DICOM upper layer (PS3.8 9.3).</summary>
internal enum PduType : byte
{
    AssociateRequest = 0x01,
    AssociateAccept = 0x02,
    AssociateReject = 0x03,
    PData = 0x04,
    ReleaseRequest = 0x05,
    ReleaseResponse = 0x06,
    Abort = 0x07,
}

internal abstract record Pdu
{
    public abstract PduType Type { get; }
}

/// <summary>A proposed presentation context: one abstract syntax, the transfer syntaxes the requester can send it in.</summary>
internal sealed record PresentationContextProposal(byte Id, string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes);

/// <summary>Result of one presentation context (PS3.8 9.3.3.2).</summary>
internal enum PresentationContextResult : byte
{
    Acceptance = 0,
    UserRejection = 1,
    NoReason = 2,
    AbstractSyntaxNotSupported = 3,
    TransferSyntaxesNotSupported = 4,
}

internal sealed record PresentationContextAnswer(byte Id, PresentationContextResult Result, string TransferSyntax);

/// <summary>The user information sub-items this layer uses; the others are skipped on read.</summary>
internal sealed record UserInformation(uint MaxPduLength, string ImplementationClassUid, string? ImplementationVersionName);

internal sealed record AssociateRequestPdu(
    ushort ProtocolVersion,
    string CalledAeTitle,
    string CallingAeTitle,
    string ApplicationContext,
    IReadOnlyList<PresentationContextProposal> PresentationContexts,
    UserInformation UserInformation) : Pdu
{
    public override PduType Type => PduType.AssociateRequest;
}

internal sealed record AssociateAcceptPdu(
    string CalledAeTitle,
    string CallingAeTitle,
    string ApplicationContext,
    IReadOnlyList<PresentationContextAnswer> PresentationContexts,
    UserInformation UserInformation) : Pdu
{
    public override PduType Type => PduType.AssociateAccept;
}

internal sealed record AssociateRejectPdu(DicomAssociationRejection Rejection) : Pdu
{
    public override PduType Type => PduType.AssociateReject;
}

/// <summary>
/// A presentation data value. <see cref="Data"/> points into the channel's read buffer: it is valid only until the
/// next read on that channel.
/// </summary>
internal readonly record struct Pdv(byte PresentationContextId, bool IsCommand, bool IsLastFragment, ReadOnlyMemory<byte> Data);

internal sealed record PDataPdu(IReadOnlyList<Pdv> Values) : Pdu
{
    public override PduType Type => PduType.PData;
}

internal sealed record ReleaseRequestPdu : Pdu
{
    public static ReleaseRequestPdu Instance { get; } = new();

    public override PduType Type => PduType.ReleaseRequest;
}

internal sealed record ReleaseResponsePdu : Pdu
{
    public static ReleaseResponsePdu Instance { get; } = new();

    public override PduType Type => PduType.ReleaseResponse;
}

/// <summary>A-ABORT source (PS3.8 9.3.8).</summary>
internal enum AbortSource : byte
{
    ServiceUser = 0,
    ServiceProvider = 2,
}

/// <summary>A-ABORT reason when the source is the service provider (PS3.8 9.3.8).</summary>
internal enum AbortReason : byte
{
    NotSpecified = 0,
    UnrecognizedPdu = 1,
    UnexpectedPdu = 2,
    UnrecognizedPduParameter = 4,
    UnexpectedPduParameter = 5,
    InvalidPduParameterValue = 6,
}

internal sealed record AbortPdu(AbortSource Source, AbortReason Reason) : Pdu
{
    public override PduType Type => PduType.Abort;
}
