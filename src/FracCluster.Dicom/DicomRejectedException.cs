using FracCluster.Imaging;

namespace FracCluster.Dicom;

/// <summary>A DICOM object that cannot be used, with a typed reason and a message a person can act on.</summary>
public sealed class DicomRejectedException : Exception
{
    public DicomRejectedException(DicomRejectionReason reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    public DicomRejectionReason Reason { get; }

    /// <summary>The same refusal in the image vocabulary, for callers that treat DICOM as one more image format.</summary>
    public ImageRejectedException ToImageRejection() => new(Reason.ToImageRejectionReason(), $"DICOM {Reason}: {Message}", this);
}
