using System.Buffers;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace FracCluster.Dicom.Network;

/// <summary>
/// One connection to the SCP, from A-ASSOCIATE-RQ to release or abort. Every way a peer can misbehave ends here in an
/// A-ABORT or a closed socket: nothing it sends escapes as an exception.
/// </summary>
internal sealed partial class DicomServerAssociation
{
    /// <summary>Command sets of C-ECHO/C-STORE are ~200 bytes; anything near this is not a command.</summary>
    private const int MaxCommandBytes = 64 * 1024;

    private readonly Stream _stream;
    private readonly string _remote;
    private readonly DicomListenerOptions _options;
    private readonly IDicomStoreHandler _handler;
    private readonly AssociationLimiter _limiter;
    private readonly MemoryBudget _budget;
    private readonly ILogger _logger;

    private readonly ArrayBufferWriter<byte> _command = new(512);
    private byte _commandContextId;
    private DimseCommand? _awaitingDataSet;
    private byte _dataSetContextId;
    private DataSetBuffer? _dataSet;

    private string _callingAeTitle = string.Empty;
    private string _scannerId = string.Empty;
    private uint _peerMaxPdu;
    private Dictionary<byte, (string AbstractSyntax, string TransferSyntax)> _accepted = [];

    public DicomServerAssociation(
        Stream stream,
        string remote,
        DicomListenerOptions options,
        IDicomStoreHandler handler,
        AssociationLimiter limiter,
        MemoryBudget budget,
        ILogger logger)
    {
        _budget = budget;
        _stream = stream;
        _remote = remote;
        _options = options;
        _handler = handler;
        _limiter = limiter;
        _logger = logger;
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var channel = new DicomPduChannel(_stream, _options.MaxPduLength, _options.IdleTimeout);
        try
        {
            var first = await channel.ReadAsync(_options.ArtimTimeout, cancellationToken);
            if (first is not AssociateRequestPdu request)
            {
                throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"{first.Type} before A-ASSOCIATE-RQ");
            }

            var outcome = AssociationNegotiator.Negotiate(request, _options);
            var rejection = outcome.Rejection ?? (_limiter.TryAcquire() ? null : DicomAssociationRejection.LocalLimitExceeded);
            if (rejection is not null)
            {
                LogRejected(_remote, request.CallingAeTitle, request.CalledAeTitle, rejection.Describe());
                await channel.WriteAsync(new AssociateRejectPdu(rejection), cancellationToken);
                await channel.WaitForPeerCloseAsync(_options.ArtimTimeout, cancellationToken);
                return;
            }

            try
            {
                await ServeAsync(channel, request, outcome, cancellationToken);
            }
            finally
            {
                _limiter.Release();
            }
        }
        catch (DicomProtocolException ex)
        {
            LogProtocolError(_remote, _callingAeTitle, ex.Message);
            await TryAbortAsync(channel, ex.Reason);
        }
        catch (TimeoutException ex)
        {
            LogTimedOut(_remote, _callingAeTitle, ex.Message);
            await TryAbortAsync(channel, AbortReason.NotSpecified);
        }
        catch (Exception ex) when (ex is EndOfStreamException or IOException or SocketException or ObjectDisposedException)
        {
            LogConnectionLost(_remote, _callingAeTitle, ex.Message, _awaitingDataSet is not null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The listener is stopping: an instance not yet answered is not acknowledged, and the sender learns it.
            await TryAbortAsync(channel, AbortReason.NotSpecified);
        }
        finally
        {
            // An instance cut off mid-way gives its memory back to the listener's budget.
            _dataSet?.Dispose();
        }
    }

    private async Task ServeAsync(DicomPduChannel channel, AssociateRequestPdu request, NegotiationOutcome outcome, CancellationToken cancellationToken)
    {
        _callingAeTitle = request.CallingAeTitle;
        _scannerId = outcome.ScannerId!;
        _peerMaxPdu = request.UserInformation.MaxPduLength;
        var abstractSyntaxes = new Dictionary<byte, string>();
        foreach (var proposal in request.PresentationContexts)
        {
            abstractSyntaxes.TryAdd(proposal.Id, proposal.AbstractSyntax);
        }

        _accepted = outcome.Answers
            .Where(a => a.Result == PresentationContextResult.Acceptance)
            .ToDictionary(a => a.Id, a => (abstractSyntaxes[a.Id], a.TransferSyntax));

        await channel.WriteAsync(
            new AssociateAcceptPdu(
                request.CalledAeTitle,
                request.CallingAeTitle,
                DicomNetworkUids.ApplicationContext,
                outcome.Answers,
                new UserInformation(_options.MaxPduLength, DicomNetworkUids.ImplementationClassUid, DicomNetworkUids.ImplementationVersionName)),
            cancellationToken);
        LogAccepted(_remote, _callingAeTitle, _scannerId, _accepted.Count, outcome.Answers.Count);

        while (true)
        {
            var pdu = await channel.ReadAsync(_options.IdleTimeout, cancellationToken);
            switch (pdu)
            {
                case PDataPdu data:
                    foreach (var pdv in data.Values)
                    {
                        await OnPdvAsync(channel, pdv, cancellationToken);
                    }

                    break;
                case ReleaseRequestPdu:
                    if (_awaitingDataSet is not null || _command.WrittenCount > 0)
                    {
                        throw new DicomProtocolException(AbortReason.UnexpectedPdu, "A-RELEASE-RQ inside a DIMSE message");
                    }

                    await channel.WriteAsync(ReleaseResponsePdu.Instance, cancellationToken);
                    LogReleased(_remote, _callingAeTitle);
                    await channel.WaitForPeerCloseAsync(_options.ArtimTimeout, cancellationToken);
                    return;
                case AbortPdu abort:
                    LogPeerAborted(_remote, _callingAeTitle, abort.Source.ToString(), (byte)abort.Reason, _awaitingDataSet is not null);
                    return;
                default:
                    throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"{pdu.Type} inside an established association");
            }
        }
    }

    private async Task OnPdvAsync(DicomPduChannel channel, Pdv pdv, CancellationToken cancellationToken)
    {
        if (!_accepted.ContainsKey(pdv.PresentationContextId))
        {
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"PDV on presentation context {pdv.PresentationContextId}, which was not accepted");
        }

        if (pdv.IsCommand)
        {
            if (_awaitingDataSet is not null)
            {
                throw new DicomProtocolException(AbortReason.UnexpectedPdu, "command fragment while a data set was expected");
            }

            if (_command.WrittenCount == 0)
            {
                _commandContextId = pdv.PresentationContextId;
            }
            else if (_commandContextId != pdv.PresentationContextId)
            {
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "command fragments on two presentation contexts");
            }

            if (_command.WrittenCount + pdv.Data.Length > MaxCommandBytes)
            {
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"command set over {MaxCommandBytes} bytes");
            }

            _command.Write(pdv.Data.Span);
            if (!pdv.IsLastFragment)
            {
                return;
            }

            if (!DimseCommandCodec.TryDecode(_command.WrittenSpan, out var command, out var error))
            {
                throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"malformed command set: {error}");
            }

            _command.ResetWrittenCount();
            if (command.HasDataSet)
            {
                _awaitingDataSet = command;
                _dataSetContextId = pdv.PresentationContextId;
                _dataSet = new DataSetBuffer(_options.MaxDataSetBytes, _budget);
                return;
            }

            await DispatchAsync(channel, command, pdv.PresentationContextId, null, cancellationToken);
            return;
        }

        if (_awaitingDataSet is null || _dataSet is null)
        {
            throw new DicomProtocolException(AbortReason.UnexpectedPdu, "data set fragment without a command that announced one");
        }

        if (pdv.PresentationContextId != _dataSetContextId)
        {
            throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, "data set on another presentation context than its command");
        }

        _dataSet.Append(pdv.Data.Span);
        if (pdv.IsLastFragment)
        {
            var pending = _awaitingDataSet;
            using var dataSet = _dataSet;
            _awaitingDataSet = null;
            _dataSet = null;
            await DispatchAsync(channel, pending, _dataSetContextId, dataSet, cancellationToken);
        }
    }

    private async Task DispatchAsync(DicomPduChannel channel, DimseCommand command, byte contextId, DataSetBuffer? dataSet, CancellationToken cancellationToken)
    {
        var (abstractSyntax, transferSyntax) = _accepted[contextId];
        switch ((DimseCommandField)command.CommandField)
        {
            case DimseCommandField.CEchoRequest:
                var echoStatus = abstractSyntax == DicomNetworkUids.Verification ? DicomStatus.Success : DicomStatus.SopClassNotSupported;
                await RespondAsync(channel, contextId, command, DimseCommandField.CEchoResponse, new DicomStoreResult(echoStatus), cancellationToken);
                break;
            case DimseCommandField.CStoreRequest:
                var result = await StoreAsync(command, abstractSyntax, transferSyntax, dataSet, cancellationToken);
                await RespondAsync(channel, contextId, command, DimseCommandField.CStoreResponse, result, cancellationToken);
                break;
            case DimseCommandField.CCancelRequest:
                // C-CANCEL only concerns C-FIND/C-GET/C-MOVE, which this SCP does not offer: nothing to cancel.
                break;
            default:
                if (command.IsResponse)
                {
                    throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"response 0x{command.CommandField:X4} sent to an SCP");
                }

                await RespondAsync(
                    channel,
                    contextId,
                    command,
                    (DimseCommandField)(command.CommandField | 0x8000),
                    new DicomStoreResult(DicomStatus.UnrecognizedOperation, "only C-ECHO and C-STORE are offered"),
                    cancellationToken);
                break;
        }
    }

    private async Task<DicomStoreResult> StoreAsync(
        DimseCommand command, string abstractSyntax, string transferSyntax, DataSetBuffer? dataSet, CancellationToken cancellationToken)
    {
        if (abstractSyntax == DicomNetworkUids.Verification || command.AffectedSopClassUid != abstractSyntax)
        {
            return new DicomStoreResult(DicomStatus.SopClassNotSupported, $"SOP class {command.AffectedSopClassUid} does not match presentation context {abstractSyntax}");
        }

        if (dataSet is null || string.IsNullOrEmpty(command.AffectedSopInstanceUid) || command.MessageId is null)
        {
            return new DicomStoreResult(DicomStatus.CannotUnderstand, "C-STORE-RQ without data set, Affected SOP Instance UID or Message ID");
        }

        if (dataSet.Overflow == DataSetOverflow.InstanceLimit)
        {
            LogDataSetTooLarge(_remote, _callingAeTitle, command.AffectedSopInstanceUid, dataSet.Length, _options.MaxDataSetBytes);
            return new DicomStoreResult(DicomStatus.OutOfResources, $"data set of {dataSet.Length} bytes exceeds the limit of {_options.MaxDataSetBytes}");
        }

        if (dataSet.Overflow == DataSetOverflow.ListenerBudget)
        {
            LogOverBudget(_remote, _callingAeTitle, command.AffectedSopInstanceUid, _options.MaxBufferedBytes);
            return new DicomStoreResult(DicomStatus.OutOfResources, "the receiver is holding too many instances; try again later");
        }

        var request = new DicomStoreRequest(_callingAeTitle, _scannerId, abstractSyntax, command.AffectedSopInstanceUid, transferSyntax, dataSet.ToSequence());
        DicomStoreResult result;
        try
        {
            result = await _handler.StoreAsync(request, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            LogHandlerFailed(ex, _callingAeTitle, command.AffectedSopInstanceUid);
            result = new DicomStoreResult(DicomStatus.ProcessingFailure, "the receiver failed to store the instance");
        }

        LogStored(_callingAeTitle, command.AffectedSopInstanceUid, transferSyntax, dataSet.Length, result.Status.Code);
        return result;
    }

    private async Task RespondAsync(
        DicomPduChannel channel, byte contextId, DimseCommand request, DimseCommandField responseField, DicomStoreResult result, CancellationToken cancellationToken)
    {
        var response = new DimseCommand
        {
            CommandField = (ushort)responseField,
            AffectedSopClassUid = request.AffectedSopClassUid,
            AffectedSopInstanceUid = request.AffectedSopInstanceUid,
            MessageIdBeingRespondedTo = request.MessageId ?? 0,
            CommandDataSetType = DimseCommand.NoDataSet,
            Status = result.Status.Code,
            ErrorComment = result.Status.IsSuccess ? null : result.ErrorComment,
        };
        await channel.WriteMessagePartAsync(contextId, true, DimseCommandCodec.Encode(response), _peerMaxPdu, _options.MaxPduLength, cancellationToken);
    }

    private async Task TryAbortAsync(DicomPduChannel channel, AbortReason reason)
    {
        try
        {
            await channel.WriteAsync(new AbortPdu(AbortSource.ServiceProvider, reason), CancellationToken.None);
        }
        catch (Exception ex) when (ex is IOException or SocketException or ObjectDisposedException or TimeoutException or OperationCanceledException)
        {
            // The connection is going away regardless; the peer that broke it may not be listening.
        }
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "DICOM association from {Remote} ({CallingAe}, scanner {ScannerId}) accepted: {Accepted} of {Proposed} presentation contexts")]
    private partial void LogAccepted(string remote, string callingAe, string scannerId, int accepted, int proposed);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "DICOM association from {Remote} (calling {CallingAe}, called {CalledAe}) rejected: {Reason}")]
    private partial void LogRejected(string remote, string callingAe, string calledAe, string reason);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning, Message = "DICOM protocol error from {Remote} ({CallingAe}), aborting: {Problem}")]
    private partial void LogProtocolError(string remote, string callingAe, string problem);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Warning, Message = "DICOM association from {Remote} ({CallingAe}) timed out, aborting: {Problem}")]
    private partial void LogTimedOut(string remote, string callingAe, string problem);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "DICOM connection from {Remote} ({CallingAe}) lost: {Problem}; instance in flight discarded: {InFlight}")]
    private partial void LogConnectionLost(string remote, string callingAe, string problem, bool inFlight);

    [LoggerMessage(EventId = 5106, Level = LogLevel.Information, Message = "DICOM association from {Remote} ({CallingAe}) released")]
    private partial void LogReleased(string remote, string callingAe);

    [LoggerMessage(EventId = 5107, Level = LogLevel.Warning, Message = "DICOM association from {Remote} ({CallingAe}) aborted by the peer (source {Source}, reason {Reason}); instance in flight discarded: {InFlight}")]
    private partial void LogPeerAborted(string remote, string callingAe, string source, byte reason, bool inFlight);

    [LoggerMessage(EventId = 5108, Level = LogLevel.Warning, Message = "C-STORE of {SopInstanceUid} from {Remote} ({CallingAe}): data set of {Length} bytes exceeds the limit of {Limit}")]
    private partial void LogDataSetTooLarge(string remote, string callingAe, string sopInstanceUid, long length, long limit);

    [LoggerMessage(EventId = 5111, Level = LogLevel.Warning, Message = "C-STORE of {SopInstanceUid} from {Remote} ({CallingAe}) refused: the listener's {Budget} bytes of data set memory are in use")]
    private partial void LogOverBudget(string remote, string callingAe, string sopInstanceUid, long budget);

    [LoggerMessage(EventId = 5109, Level = LogLevel.Error, Message = "The store handler failed for {SopInstanceUid} from {CallingAe}")]
    private partial void LogHandlerFailed(Exception exception, string callingAe, string sopInstanceUid);

    [LoggerMessage(EventId = 5110, Level = LogLevel.Debug, Message = "C-STORE {SopInstanceUid} from {CallingAe} ({TransferSyntax}, {Length} bytes): status 0x{Status:X4}")]
    private partial void LogStored(string callingAe, string sopInstanceUid, string transferSyntax, long length, ushort status);
}
