using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Data;

namespace FracCluster.Dicom.Network;

/// <summary>
/// An instance to send by C-STORE: its data set bytes as encoded in <see cref="TransferSyntaxUid"/> (no File Meta
/// Information), sent unchanged, so the SCP must accept that very transfer syntax.
/// </summary>
public sealed record DicomStoreInstance(string SopClassUid, string SopInstanceUid, string TransferSyntaxUid, ReadOnlyMemory<byte> DataSet)
{
    /// <summary>
    /// A Part 10 file as sent by C-STORE: its meta group names the instance and the syntax, its data set goes as it is.
    /// Throws <see cref="DicomRejectedException"/> for a file that is not Part 10 or lacks those three UIDs.
    /// </summary>
    public static DicomStoreInstance FromFile(DicomReader reader, ReadOnlyMemory<byte> file)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var (meta, dataSet) = reader.SplitFile(file);
        return new DicomStoreInstance(
            Required(meta, DicomTags.MediaStorageSopClassUid, "Media Storage SOP Class UID"),
            Required(meta, DicomTags.MediaStorageSopInstanceUid, "Media Storage SOP Instance UID"),
            Required(meta, DicomTags.TransferSyntaxUid, "Transfer Syntax UID"),
            dataSet);
    }

    private static string Required(DicomDataset meta, DicomTag tag, string name) =>
        meta.GetString(tag) ?? throw new DicomRejectedException(DicomRejectionReason.MissingAttribute, $"The file meta group has no {name} {tag}.");
}

/// <summary>The C-STORE-RSP (or C-ECHO-RSP) of the peer.</summary>
public sealed record DicomStoreResponse(DicomStatus Status, string? ErrorComment);

/// <summary>
/// The fate of one instance of <see cref="DicomClient.SendAsync"/>: the peer's response, or the failure that left it
/// unacknowledged (then it was not received, as far as the sender can know, and may be sent again).
/// </summary>
public sealed record DicomStoreOutcome(DicomStoreInstance Instance, DicomStoreResponse? Response, DicomNetworkException? Failure)
{
    public bool IsStored => Response?.Status.IsStored == true;
}

/// <summary>A presentation context to propose: one SOP class and the transfer syntaxes we can send it in.</summary>
public sealed record DicomPresentationContextRequest(string AbstractSyntax, IReadOnlyList<string> TransferSyntaxes)
{
    /// <summary>
    /// One context per distinct (SOP class, transfer syntax) of the instances, each proposing only that syntax: the
    /// bytes go unchanged, so the SCP's choice must be the instance's own syntax.
    /// </summary>
    public static IReadOnlyList<DicomPresentationContextRequest> ForInstances(IEnumerable<DicomStoreInstance> instances) =>
        instances
            .Select(i => (i.SopClassUid, i.TransferSyntaxUid))
            .Distinct()
            .Select(p => new DicomPresentationContextRequest(p.SopClassUid, [p.TransferSyntaxUid]))
            .ToList();

    public static DicomPresentationContextRequest Verification { get; } =
        new(DicomNetworkUids.Verification, [DicomNetworkUids.ImplicitVrLittleEndian, DicomNetworkUids.ExplicitVrLittleEndian]);
}
