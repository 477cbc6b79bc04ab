using System.Buffers;
using System.Collections.Concurrent;
using FracCluster.Dicom.Network;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>A store handler that keeps a copy of every instance it is given and answers a chosen status.</summary>
internal sealed class RecordingStoreHandler : IDicomStoreHandler
{
    public sealed record Received(DicomStoreRequest Request, byte[] DataSet);

    private readonly Func<DicomStoreRequest, DicomStoreResult> _answer;

    public RecordingStoreHandler(Func<DicomStoreRequest, DicomStoreResult>? answer = null) =>
        _answer = answer ?? (_ => DicomStoreResult.Stored);

    public ConcurrentQueue<Received> Instances { get; } = new();

    public async Task<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        // Copied out the way a real handler streams it to storage (the sequence is only valid during this call).
        using var copy = new MemoryStream();
        await request.CopyDataSetToAsync(copy, cancellationToken);
        Assert.Equal(request.Length, copy.Length);
        Instances.Enqueue(new Received(request with { DataSet = ReadOnlySequence<byte>.Empty }, copy.ToArray()));
        return _answer(request);
    }
}
