namespace FracCluster.Dicom.Network;

/// <summary>
/// The peer broke the upper-layer protocol (malformed or unexpected PDU). Never leaves this layer: the association
/// that meets it answers with an A-ABORT carrying <see cref="Reason"/>.
/// </summary>
internal sealed class DicomProtocolException(AbortReason reason, string message) : Exception(message)
{
    public AbortReason Reason { get; } = reason;
}
