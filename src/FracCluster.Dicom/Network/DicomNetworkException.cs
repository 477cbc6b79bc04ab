namespace FracCluster.Dicom.Network;

/// <summary>What went wrong on the SCU side, in terms a retry policy can act on.</summary>
public enum DicomNetworkFailure
{
    /// <summary>No TCP connection (refused, unreachable, timed out): the peer may be down.</summary>
    ConnectFailed,

    /// <summary>The peer answered A-ASSOCIATE-RJ; <see cref="DicomNetworkException.Rejection"/> says why.</summary>
    AssociationRejected,

    /// <summary>The peer sent A-ABORT.</summary>
    PeerAborted,

    /// <summary>The connection closed or failed in the middle of the association.</summary>
    ConnectionLost,

    /// <summary>The peer did not answer in time.</summary>
    Timeout,

    /// <summary>The peer broke the protocol; retrying will not help.</summary>
    ProtocolError,

    /// <summary>No accepted presentation context fits the instance's SOP class and transfer syntax.</summary>
    NoPresentationContext,
}

/// <summary>
/// A failure of the SCU. <see cref="IsTransient"/> separates what may succeed later (peer down, busy, cut off) from
/// what will fail again unchanged (AE title not known, SOP class or transfer syntax refused, protocol violation).
/// </summary>
public sealed class DicomNetworkException : Exception
{
    public DicomNetworkException(DicomNetworkFailure failure, string message, DicomAssociationRejection? rejection = null, Exception? inner = null)
        : base(message, inner)
    {
        Failure = failure;
        Rejection = rejection;
    }

    public DicomNetworkFailure Failure { get; }

    public DicomAssociationRejection? Rejection { get; }

    public bool IsTransient => Failure switch
    {
        DicomNetworkFailure.ConnectFailed or DicomNetworkFailure.PeerAborted or DicomNetworkFailure.ConnectionLost or DicomNetworkFailure.Timeout => true,
        DicomNetworkFailure.AssociationRejected => Rejection?.Result == DicomRejectResult.Transient,
        _ => false,
    };
}
