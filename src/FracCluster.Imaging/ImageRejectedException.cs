namespace FracCluster.Imaging;

/// <summary>An image that cannot be used, with a typed reason and a message a person can act on.</summary>
public sealed class ImageRejectedException : Exception
{
    public ImageRejectedException(ImageRejectionReason reason, string message, Exception? inner = null)
        : base(message, inner) => Reason = reason;

    public ImageRejectionReason Reason { get; }
}
