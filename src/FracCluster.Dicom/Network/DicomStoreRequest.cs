using System.Buffers;

namespace FracCluster.Dicom.Network;

/// <summary>
/// One complete instance received by C-STORE. <see cref="DataSet"/> is the data set exactly as the sender encoded it
/// in <see cref="TransferSyntaxUid"/> (no File Meta Information); it is valid only until the handler returns.
/// </summary>
public sealed record DicomStoreRequest(
    string CallingAeTitle,
    string ScannerId,
    string SopClassUid,
    string SopInstanceUid,
    string TransferSyntaxUid,
    ReadOnlySequence<byte> DataSet)
{
    public long Length => DataSet.Length;

    /// <summary>Writes the data set to <paramref name="destination"/>, segment by segment (no copy into one array).</summary>
    public async Task CopyDataSetToAsync(Stream destination, CancellationToken cancellationToken)
    {
        foreach (var segment in DataSet)
        {
            await destination.WriteAsync(segment, cancellationToken);
        }
    }
}

/// <summary>What the handler answers: the status of the C-STORE-RSP and an optional Error Comment (0000,0902).</summary>
public sealed record DicomStoreResult(DicomStatus Status, string? ErrorComment = null)
{
    public static DicomStoreResult Stored { get; } = new(DicomStatus.Success);
}

/// <summary>
/// Receives instances from the store SCP. Called once per C-STORE, only after its whole data set arrived; the
/// C-STORE-RSP is sent after this returns, so a Success must mean the instance is durable.
/// </summary>
public interface IDicomStoreHandler
{
    Task<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken);
}
