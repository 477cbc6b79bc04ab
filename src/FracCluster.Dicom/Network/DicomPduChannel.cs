using System.Buffers.Binary;

namespace FracCluster.Dicom.Network;

/// <summary>
/// Reads and writes whole PDUs on one connection. A PDU's declared length is checked against the limit for its type
/// before anything is allocated, and each read must complete within its timeout, so a peer that lies about lengths
/// or stalls half-way costs neither unbounded memory nor a stuck task.
/// </summary>
internal sealed class DicomPduChannel : IAsyncDisposable
{
    /// <summary>
    /// An A-ASSOCIATE-RQ/AC has at most 128 contexts (~70 KB even with 20 transfer syntaxes each); it arrives before the
    /// peer is known, so the cap is kept small.
    /// </summary>
    public const int MaxAssociatePduLength = 256 * 1024;

    private readonly Stream _stream;
    private readonly byte[] _header = new byte[PduCodec.HeaderLength];
    private byte[] _body = new byte[16 * 1024];

    private readonly TimeSpan _writeTimeout;

    /// <param name="writeTimeout">A peer that stops reading fills the TCP window; a write blocked this long fails.</param>
    public DicomPduChannel(Stream stream, uint maxIncomingPDataLength, TimeSpan writeTimeout)
    {
        _stream = stream;
        MaxIncomingPDataLength = maxIncomingPDataLength;
        _writeTimeout = writeTimeout;
    }

    /// <summary>Largest P-DATA-TF PDU accepted: what this side advertised as its maximum length received.</summary>
    public uint MaxIncomingPDataLength { get; set; }

    /// <summary>
    /// Reads one PDU. Throws <see cref="DicomProtocolException"/> for a malformed one, <see cref="TimeoutException"/>
    /// when <paramref name="timeout"/> passes first, <see cref="EndOfStreamException"/> when the peer closed.
    /// A P-DATA-TF's PDVs point into a buffer that the next read reuses.
    /// </summary>
    public async Task<Pdu> ReadAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            if (!await ReadExactlyOrEndAsync(_header, deadline.Token))
            {
                throw new EndOfStreamException("the peer closed the connection");
            }

            var type = (PduType)_header[0];
            var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(2));
            var limit = type switch
            {
                PduType.PData => MaxIncomingPDataLength,
                PduType.AssociateRequest or PduType.AssociateAccept => (uint)MaxAssociatePduLength,
                PduType.AssociateReject or PduType.ReleaseRequest or PduType.ReleaseResponse or PduType.Abort => 4u,
                _ => throw new DicomProtocolException(AbortReason.UnrecognizedPdu, $"unknown PDU type 0x{_header[0]:X2}"),
            };
            if (length > limit)
            {
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"{type} PDU of {length} bytes exceeds the limit of {limit}");
            }

            if (_body.Length < length)
            {
                _body = new byte[length];
            }

            var body = _body.AsMemory(0, (int)length);
            if (!await ReadExactlyOrEndAsync(body, deadline.Token))
            {
                throw new EndOfStreamException($"the peer closed the connection inside a {type} PDU");
            }

            return PduCodec.Decode(type, body);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete PDU within {timeout.TotalSeconds:0.###} s");
        }
    }

    public async Task WriteAsync(Pdu pdu, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_writeTimeout);
        try
        {
            await _stream.WriteAsync(PduCodec.Encode(pdu), deadline.Token);
            await _stream.FlushAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the peer did not take a {pdu.Type} PDU within {_writeTimeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>
    /// Sends one DIMSE message part (command or data set) as P-DATA-TF PDUs of one PDV each, no larger than the
    /// peer's maximum length (0: no limit, then <paramref name="fallbackMaxPdu"/>).
    /// </summary>
    public async Task WriteMessagePartAsync(
        byte contextId, bool isCommand, ReadOnlyMemory<byte> data, uint peerMaxPdu, uint fallbackMaxPdu, CancellationToken cancellationToken)
    {
        var maxPdu = peerMaxPdu == 0 ? fallbackMaxPdu : Math.Min(peerMaxPdu, fallbackMaxPdu);
        var maxFragment = (int)Math.Max(maxPdu, 64u) - 6;
        var header = new byte[12];
        var offset = 0;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            do
            {
                // The timeout is per PDU: a slow but moving peer may take long over a large data set.
                deadline.CancelAfter(_writeTimeout);
                var length = Math.Min(maxFragment, data.Length - offset);
                var isLast = offset + length == data.Length;
                PduCodec.WriteSinglePdvHeader(header, contextId, isCommand, isLast, length);
                await _stream.WriteAsync(header, deadline.Token);
                await _stream.WriteAsync(data.Slice(offset, length), deadline.Token);
                offset += length;
            }
            while (offset < data.Length);

            await _stream.FlushAsync(deadline.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"the peer did not take a P-DATA-TF PDU within {_writeTimeout.TotalSeconds:0.###} s");
        }
    }

    /// <summary>Waits (bounded) for the peer to close its side, as PS3.8 asks after a release or a rejection.</summary>
    public async Task WaitForPeerCloseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var sink = new byte[256];
        try
        {
            while (await _stream.ReadAsync(sink, deadline.Token) > 0)
            {
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or ObjectDisposedException)
        {
            // The connection closes either way; a peer that keeps it open past the timeout is simply cut off.
        }
    }

    public ValueTask DisposeAsync() => _stream.DisposeAsync();

    private async Task<bool> ReadExactlyOrEndAsync(Memory<byte> buffer, CancellationToken cancellationToken)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await _stream.ReadAsync(buffer[read..], cancellationToken);
            if (n == 0)
            {
                return false;
            }

            read += n;
        }

        return true;
    }
}
