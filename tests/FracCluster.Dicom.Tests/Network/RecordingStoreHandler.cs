using System.Buffers;
using System.Collections.Concurrent;
using FracCluster.Dicom.Network;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>A store handler that keeps a copy of every instance it is given and answers a chosen status.</summary>
internal sealed class RecordingStoreHandler : IDicomStoreHandler
{
    public sealed record Received(DicomStoreRequest Request, byte[] DataSet);

    private readonly Func<DicomStoreRequest, DicomStoreResult> _answer;

    public RecordingStoreHandler(Func<DicomStoreRequest, DicomStoreResult>? answer = null) =>
        _answer = answer ?? (_ => DicomStoreResult.Stored);

    public ConcurrentQueue<Received> Instances { get; } = new();

    public Task<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
    {
        Instances.Enqueue(new Received(request with { DataSet = ReadOnlySequence<byte>.Empty }, request.DataSet.ToArray()));
        return Task.FromResult(_answer(request));
    }
}
