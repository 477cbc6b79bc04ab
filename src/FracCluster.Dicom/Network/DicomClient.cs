using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace FracCluster.Dicom.Network;

/// <summary>
/// The SCU: C-ECHO and C-STORE to one peer. Retries are the caller's: every failure is a
/// <see cref="DicomNetworkException"/> that says whether trying again later can help.
/// </summary>
public sealed partial class DicomClient
{
    /// <summary>PS3.8 allows at most 128 presentation contexts per association (odd ids 1-255).</summary>
    public const int MaxPresentationContexts = 128;

    private readonly DicomClientOptions _options;
    private readonly ILogger<DicomClient> _logger;

    public DicomClient(DicomClientOptions options, ILogger<DicomClient> logger)
    {
        _options = options;
        _logger = logger;
    }

    /// <summary>Associates with the peer, proposing <paramref name="contexts"/>.</summary>
    public async Task<DicomClientAssociation> OpenAsync(IReadOnlyList<DicomPresentationContextRequest> contexts, CancellationToken cancellationToken)
    {
        if (contexts.Count is 0 or > MaxPresentationContexts)
        {
            throw new ArgumentException($"between 1 and {MaxPresentationContexts} presentation contexts are needed, not {contexts.Count}", nameof(contexts));
        }

        var proposals = contexts.Select((c, i) => new PresentationContextProposal((byte)((i * 2) + 1), c.AbstractSyntax, c.TransferSyntaxes)).ToList();
        var socket = await ConnectAsync(cancellationToken);
        var channel = new DicomPduChannel(new NetworkStream(socket, ownsSocket: true), _options.MaxPduLength, _options.ResponseTimeout);
        try
        {
            var request = new AssociateRequestPdu(
                1,
                _options.CalledAeTitle,
                _options.CallingAeTitle,
                DicomNetworkUids.ApplicationContext,
                proposals,
                new UserInformation(_options.MaxPduLength, DicomNetworkUids.ImplementationClassUid, DicomNetworkUids.ImplementationVersionName));
            await channel.WriteAsync(request, cancellationToken);
            var answer = await channel.ReadAsync(_options.AssociationTimeout, cancellationToken);
            switch (answer)
            {
                case AssociateAcceptPdu accept:
                    var accepted = accept.PresentationContexts
                        .Where(a => a.Result == PresentationContextResult.Acceptance)
                        .Select(a => proposals.FirstOrDefault(p => p.Id == a.Id) is { } p && p.TransferSyntaxes.Contains(a.TransferSyntax)
                            ? new AcceptedContext(a.Id, p.AbstractSyntax, a.TransferSyntax)
                            : throw new DicomProtocolException(AbortReason.InvalidPduParameterValue, $"accepted context {a.Id} was not proposed with {a.TransferSyntax}"))
                        .ToList();
                    LogAssociated(_options.Host, _options.Port, _options.CalledAeTitle, accepted.Count, proposals.Count);
                    return new DicomClientAssociation(channel, accepted, accept.UserInformation.MaxPduLength, _options, _logger);
                case AssociateRejectPdu reject:
                    throw new DicomNetworkException(
                        DicomNetworkFailure.AssociationRejected,
                        $"{_options.CalledAeTitle} at {_options.Host}:{_options.Port} rejected the association from {_options.CallingAeTitle}: {reject.Rejection}",
                        reject.Rejection);
                case AbortPdu:
                    throw new DicomNetworkException(DicomNetworkFailure.PeerAborted, $"{_options.Host}:{_options.Port} aborted the association request");
                default:
                    throw new DicomProtocolException(AbortReason.UnexpectedPdu, $"{answer.Type} in answer to A-ASSOCIATE-RQ");
            }
        }
        catch (Exception ex)
        {
            var failure = ex as DicomNetworkException ?? DicomClientAssociation.Translate(ex, "association", cancellationToken);
            if (ex is DicomProtocolException protocol)
            {
                await DicomClientAssociation.TryAbortAsync(channel, protocol.Reason);
            }

            await channel.DisposeAsync();
            if (failure is null)
            {
                throw;
            }

            LogFailed(_options.Host, _options.Port, failure.Failure.ToString(), failure.Message);
            throw failure;
        }
    }

    /// <summary>Associates, sends C-ECHO, releases; returns the peer's status.</summary>
    public async Task<DicomStatus> EchoAsync(CancellationToken cancellationToken)
    {
        await using var association = await OpenAsync([DicomPresentationContextRequest.Verification], cancellationToken);
        var status = await association.EchoAsync(cancellationToken);
        await association.ReleaseAsync(cancellationToken);
        return status;
    }

    /// <summary>
    /// Sends <paramref name="instances"/> over one association and releases it. Each instance gets its outcome: the
    /// peer's response, or the failure that left it unacknowledged (a lost connection fails the rest).
    /// An association that cannot be opened throws.
    /// </summary>
    public async Task<IReadOnlyList<DicomStoreOutcome>> SendAsync(IReadOnlyList<DicomStoreInstance> instances, CancellationToken cancellationToken)
    {
        var outcomes = new List<DicomStoreOutcome>(instances.Count);
        if (instances.Count == 0)
        {
            return outcomes;
        }

        await using var association = await OpenAsync(DicomPresentationContextRequest.ForInstances(instances), cancellationToken);
        DicomNetworkException? broken = null;
        foreach (var instance in instances)
        {
            if (broken is not null)
            {
                outcomes.Add(new DicomStoreOutcome(instance, null, broken));
                continue;
            }

            try
            {
                outcomes.Add(new DicomStoreOutcome(instance, await association.StoreAsync(instance, cancellationToken), null));
            }
            catch (DicomNetworkException ex) when (ex.Failure == DicomNetworkFailure.NoPresentationContext)
            {
                outcomes.Add(new DicomStoreOutcome(instance, null, ex));
            }
            catch (DicomNetworkException ex)
            {
                broken = ex;
                outcomes.Add(new DicomStoreOutcome(instance, null, ex));
            }
        }

        if (broken is null)
        {
            await association.ReleaseAsync(cancellationToken);
        }

        return outcomes;
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(_options.ConnectTimeout);
        try
        {
            await socket.ConnectAsync(_options.Host, _options.Port, deadline.Token);
            return socket;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            LogFailed(_options.Host, _options.Port, nameof(DicomNetworkFailure.ConnectFailed), ex.Message);
            throw new DicomNetworkException(DicomNetworkFailure.ConnectFailed, $"cannot connect to {_options.Host}:{_options.Port}: {ex.Message}", inner: ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "DICOM association with {Host}:{Port} ({CalledAe}): {Accepted} of {Proposed} presentation contexts accepted")]
    private partial void LogAssociated(string host, int port, string calledAe, int accepted, int proposed);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Warning, Message = "DICOM association with {Host}:{Port} failed ({Failure}): {Problem}")]
    private partial void LogFailed(string host, int port, string failure, string problem);
}
