using System.Buffers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace FracCluster.Dicom.Network;

internal sealed record AcceptedContext(byte Id, string AbstractSyntax, string TransferSyntax);

/// <summary>
/// An open association of the SCU. One operation at a time (callers that share it are serialised); after any
/// failure it is aborted and every later call fails the same way. Disposing without a release aborts it.
/// </summary>
public sealed partial class DicomClientAssociation : IAsyncDisposable
{
    private readonly DicomPduChannel _channel;
    private readonly IReadOnlyList<AcceptedContext> _contexts;
    private readonly uint _peerMaxPdu;
    private readonly DicomClientOptions _options;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ArrayBufferWriter<byte> _response = new(512);
    private ushort _nextMessageId = 1;
    private DicomNetworkException? _failed;
    private bool _closed;

    internal DicomClientAssociation(DicomPduChannel channel, IReadOnlyList<AcceptedContext> contexts, uint peerMaxPdu, DicomClientOptions options, ILogger logger)
    {
        _channel = channel;
        _contexts = contexts;
        _peerMaxPdu = peerMaxPdu;
        _options = options;
        _logger = logger;
    }

    /// <summary>(SOP class, transfer syntax) pairs the peer accepted.</summary>
    public IReadOnlyList<(string SopClassUid, string TransferSyntaxUid)> AcceptedContexts =>
        _contexts.Select(c => (c.AbstractSyntax, c.TransferSyntax)).ToList();

    public Task<DicomStatus> EchoAsync(CancellationToken cancellationToken) =>
        RunAsync(
            async () =>
            {
                var context = _contexts.FirstOrDefault(c => c.AbstractSyntax == DicomNetworkUids.Verification)
                    ?? throw new DicomNetworkException(DicomNetworkFailure.NoPresentationContext, "the peer accepted no Verification presentation context");
                var messageId = _nextMessageId++;
                var request = new DimseCommand
                {
                    CommandField = (ushort)DimseCommandField.CEchoRequest,
                    AffectedSopClassUid = DicomNetworkUids.Verification,
                    MessageId = messageId,
                };
                await _channel.WriteMessagePartAsync(context.Id, true, DimseCommandCodec.Encode(request), _peerMaxPdu, _options.MaxPduLength, cancellationToken);
                var response = await ReadResponseAsync(messageId, DimseCommandField.CEchoResponse, cancellationToken);
                return new DicomStatus(response.Status ?? DicomStatus.ProcessingFailure.Code);
            },
            "C-ECHO",
            cancellationToken);

    /// <summary>
    /// Sends one instance and returns the peer's response. Throws <see cref="DicomNetworkException"/> when there is
    /// no context for it (<see cref="DicomNetworkFailure.NoPresentationContext"/>, the association stays usable) or
    /// when the association fails (then the instance was not acknowledged).
    /// </summary>
    public Task<DicomStoreResponse> StoreAsync(DicomStoreInstance instance, CancellationToken cancellationToken)
    {
        var context = _contexts.FirstOrDefault(c => c.AbstractSyntax == instance.SopClassUid && c.TransferSyntax == instance.TransferSyntaxUid);
        if (context is null)
        {
            return Task.FromException<DicomStoreResponse>(new DicomNetworkException(
                DicomNetworkFailure.NoPresentationContext,
                $"the peer accepted no presentation context for SOP class {instance.SopClassUid} in {instance.TransferSyntaxUid}"));
        }

        return RunAsync(
            async () =>
            {
                var messageId = _nextMessageId++;
                var request = new DimseCommand
                {
                    CommandField = (ushort)DimseCommandField.CStoreRequest,
                    AffectedSopClassUid = instance.SopClassUid,
                    AffectedSopInstanceUid = instance.SopInstanceUid,
                    MessageId = messageId,
                    Priority = 0,
                    CommandDataSetType = 0x0000,
                };
                await _channel.WriteMessagePartAsync(context.Id, true, DimseCommandCodec.Encode(request), _peerMaxPdu, _options.MaxPduLength, cancellationToken);
                await _channel.WriteMessagePartAsync(context.Id, false, instance.DataSet, _peerMaxPdu, _options.MaxPduLength, cancellationToken);
                var response = await ReadResponseAsync(messageId, DimseCommandField.CStoreResponse, cancellationToken);
                if (response.Status is null)
                {
                    throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "C-STORE-RSP without a status");
                }

                if (response.AffectedSopInstanceUid is { Length: > 0 } uid && uid != instance.SopInstanceUid)
                {
                    throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"C-STORE-RSP for {uid}, not {instance.SopInstanceUid}");
                }

                var status = new DicomStatus(response.Status.Value);
                LogStored(instance.SopInstanceUid, status.Code);
                return new DicomStoreResponse(status, response.ErrorComment);
            },
            "C-STORE",
            cancellationToken);
    }

    /// <summary>Releases the association (A-RELEASE-RQ, waits for the RP) and closes the connection.</summary>
    public async Task ReleaseAsync(CancellationToken cancellationToken)
    {
        await RunAsync(
            async () =>
            {
                await _channel.WriteAsync(ReleaseRequestPdu.Instance, cancellationToken);
                var pdu = await _channel.ReadAsync(_options.AssociationTimeout, cancellationToken);
                switch (pdu)
                {
                    case ReleaseResponsePdu:
                        _closed = true;
                        await _channel.DisposeAsync();
                        return true;
                    case AbortPdu:
                        throw new DicomNetworkException(DicomNetworkFailure.PeerAborted, "the peer aborted instead of releasing");
                    default:
                        throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"{pdu.Type} in answer to A-RELEASE-RQ");
                }
            },
            "A-RELEASE",
            cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_closed)
        {
            _closed = true;
            await TryAbortAsync(_channel, AbortReason.NotSpecified, AbortSource.ServiceUser);
            await _channel.DisposeAsync();
        }

        _gate.Dispose();
    }

    internal static async Task TryAbortAsync(DicomPduChannel channel, AbortReason reason, AbortSource source = AbortSource.ServiceProvider)
    {
        try
        {
            await channel.WriteAsync(new AbortPdu(source, reason), CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or TimeoutException or OperationCanceledException)
        {
            // Closing anyway: the peer may already be gone.
        }
    }

    /// <summary>Maps what the channel throws to the SCU's failure kinds; null for what is not a network failure.</summary>
    internal static DicomNetworkException? Translate(Exception exception, string operation, CancellationToken cancellationToken) => exception switch
    {
        DicomNetworkException network => network,
        DicomProtocolException protocol => new DicomNetworkException(DicomNetworkFailure.ProtocolError, $"{operation}: the peer broke the protocol: {protocol.Message}", inner: protocol),
        TimeoutException timeout => new DicomNetworkException(DicomNetworkFailure.Timeout, $"{operation}: {timeout.Message}", inner: timeout),
        OperationCanceledException when cancellationToken.IsCancellationRequested => null,
        EndOfStreamException or IOException or SocketException or ObjectDisposedException =>
            new DicomNetworkException(DicomNetworkFailure.ConnectionLost, $"{operation}: connection lost: {exception.Message}", inner: exception),
        _ => null,
    };

    private async Task<T> RunAsync<T>(Func<Task<T>> operation, string name, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_failed is not null)
            {
                throw _failed;
            }

            if (_closed)
            {
                throw new InvalidOperationException("the association is released");
            }

            return await operation();
        }
        catch (DicomNetworkException ex) when (ex.Failure == DicomNetworkFailure.NoPresentationContext)
        {
            throw;
        }
        catch (Exception ex) when (ex is not InvalidOperationException || ex is ObjectDisposedException)
        {
            if (ex == _failed)
            {
                throw;
            }

            var failure = Translate(ex, name, cancellationToken);
            // Whatever the cause (including our own cancellation), the association's state is unknown now: abort it.
            _closed = true;
            await TryAbortAsync(_channel, ex is DicomProtocolException p ? p.Reason : AbortReason.NotSpecified, ex is DicomProtocolException ? AbortSource.ServiceProvider : AbortSource.ServiceUser);
            await _channel.DisposeAsync();
            if (failure is null)
            {
                throw;
            }

            _failed = failure;
            LogFailed(name, failure.Failure.ToString(), failure.Message);
            throw failure;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<DimseCommand> ReadResponseAsync(ushort messageId, DimseCommandField expected, CancellationToken cancellationToken)
    {
        _response.ResetWrittenCount();
        while (true)
        {
            var pdu = await _channel.ReadAsync(_options.ResponseTimeout, cancellationToken);
            switch (pdu)
            {
                case PDataPdu data:
                    foreach (var pdv in data.Values)
                    {
                        if (!pdv.IsCommand)
                        {
                            throw new DicomProtocolException(AbortReason.UnexpectedPdu, "data set fragment in a response to an SCU");
                        }

                        if (_response.WrittenCount + pdv.Data.Length > 64 * 1024)
                        {
                            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "response command set over 64 KiB");
                        }

                        _response.Write(pdv.Data.Span);
                        if (!pdv.IsLastFragment)
                        {
                            continue;
                        }

                        if (!DimseCommandCodec.TryDecode(_response.WrittenSpan, out var command, out var error))
                        {
                            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"malformed response: {error}");
                        }

                        _response.ResetWrittenCount();
                        if (command.CommandField != (ushort)expected || command.MessageIdBeingRespondedTo != messageId)
                        {
                            throw new DicomProtocolException(
                                AbortReason.InvalidPduParameterValue,
                                $"response 0x{command.CommandField:X4} to message {command.MessageIdBeingRespondedTo}, expected 0x{(ushort)expected:X4} to {messageId}");
                        }

                        if (command.Status is 0xFF00 or 0xFF01)
                        {
                            continue;
                        }

                        return command;
                    }

                    break;
                case AbortPdu abort:
                    _closed = true;
                    throw new DicomNetworkException(DicomNetworkFailure.PeerAborted, $"the peer aborted the association (source {abort.Source}, reason {abort.Reason})");
                default:
                    throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"{pdu.Type} while waiting for a response");
            }
        }
    }

    [LoggerMessage(EventId = 5211, Level = LogLevel.Debug, Message = "C-STORE of {SopInstanceUid}: status 0x{Status:X4}")]
    private partial void LogStored(string sopInstanceUid, ushort status);

    [LoggerMessage(EventId = 5212, Level = LogLevel.Warning, Message = "DICOM {Operation} failed ({Failure}), association aborted: {Problem}")]
    private partial void LogFailed(string operation, string failure, string problem);
}
