namespace FracCluster.Imaging;

/// <summary>The outcome of <see cref="ImageSniffer.Sniff(ReadOnlySpan{byte}, ImageLimits)"/>: a format, and a rejection when it cannot be used.</summary>
public readonly record struct ImageSniffResult(ImageFileFormat Format, ImageRejectionReason? Rejection, string? Message)
{
    public bool IsAccepted => Rejection is null;

    internal static ImageSniffResult Accepted(ImageFileFormat format) => new(format, null, null);

    internal static ImageSniffResult Rejected(ImageFileFormat format, ImageRejectionReason reason, string message) =>
        new(format, reason, message);

    /// <summary>Throws the <see cref="ImageRejectedException"/> this result stands for; returns the format when accepted.</summary>
    public ImageFileFormat ThrowIfRejected() =>
        Rejection is { } reason ? throw new ImageRejectedException(reason, Message ?? reason.ToString()) : Format;
}
