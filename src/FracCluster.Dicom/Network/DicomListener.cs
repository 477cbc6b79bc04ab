using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FracCluster.Dicom.Network;

/// <summary>
/// The C-ECHO/C-STORE SCP: accepts TCP connections on <see cref="DicomListenerOptions.Port"/> and runs one
/// association on each, handing complete instances to an <see cref="IDicomStoreHandler"/>.
/// </summary>
public sealed partial class DicomListener : IAsyncDisposable
{
    private readonly DicomListenerOptions _options;
    private readonly IDicomStoreHandler _handler;
    private readonly ILogger<DicomListener> _logger;
    private readonly AssociationLimiter _limiter;
    private readonly MemoryBudget _budget;
    private readonly ConcurrentDictionary<long, Task> _connections = new();
    private readonly CancellationTokenSource _stopping = new();
    private TcpListener? _listener;
    private Task? _acceptLoop;
    private long _nextConnectionId;
    private int _disposed;

    public DicomListener(IOptions<DicomListenerOptions> options, IDicomStoreHandler handler, ILogger<DicomListener> logger)
    {
        _options = options.Value;
        _handler = handler;
        _logger = logger;
        _limiter = new AssociationLimiter(_options.MaxConcurrentAssociations);
        _budget = new MemoryBudget(_options.MaxBufferedBytes);
    }

    /// <summary>The bound port (the configured one, or the one the system picked for port 0).</summary>
    public int Port { get; private set; }

    /// <summary>Associations accepted and not yet ended.</summary>
    public int ActiveAssociations => _limiter.Count;

    /// <summary>Data set bytes held right now by all associations (reserved in chunks).</summary>
    public long BufferedBytes => _budget.Used;

    /// <summary>
    /// Connections beyond this many are closed at once: each gets the ARTIM timeout to send its A-ASSOCIATE-RQ, so
    /// a flood of silent connections must not hold a task apiece.
    /// </summary>
    private int MaxOpenConnections => (_options.MaxConcurrentAssociations * 2) + 8;

    /// <summary>Binds the port and starts accepting. Throws <see cref="OptionsValidationException"/> on bad settings.</summary>
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var validation = new DicomListenerOptionsValidator().Validate(null, _options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(DicomListenerOptions.SectionName, typeof(DicomListenerOptions), validation.Failures);
        }

        if (_listener is not null)
        {
            throw new InvalidOperationException("the DICOM listener is already started");
        }

        var address = string.IsNullOrWhiteSpace(_options.BindAddress) ? IPAddress.Any : IPAddress.Parse(_options.BindAddress);
        _listener = new TcpListener(address, _options.Port);
        _listener.Start(backlog: 64);
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync(_stopping.Token);
        LogListening(Port, _options.AeTitle, _options.CallingAeTitles.Count);
        return Task.CompletedTask;
    }

    /// <summary>Stops accepting, aborts the associations in progress and waits for them to end.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is null)
        {
            return;
        }

        // Already cancelled on a second stop, and then possibly disposed: IsCancellationRequested is safe either way.
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync();
        }

        _listener.Stop();
        if (_acceptLoop is not null)
        {
            await _acceptLoop.WaitAsync(cancellationToken);
        }

        await Task.WhenAll(_connections.Values).WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await StopAsync(CancellationToken.None);
        _stopping.Dispose();
    }

    private async Task AcceptLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener!.AcceptSocketAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (ObjectDisposedException)
            {
                return;
            }
            catch (SocketException ex)
            {
                // A connection reset before it was accepted is the peer's problem, not a reason to stop listening.
                LogAcceptFailed(ex.SocketErrorCode.ToString());
                continue;
            }

            if (_connections.Count >= MaxOpenConnections)
            {
                LogTooManyConnections(socket.RemoteEndPoint?.ToString() ?? "?", MaxOpenConnections);
                socket.Dispose();
                continue;
            }

            var id = Interlocked.Increment(ref _nextConnectionId);
            var connection = RunConnectionAsync(id, socket, cancellationToken);
            _connections[id] = connection;
            if (connection.IsCompleted)
            {
                // It ended before it was added, so its own removal found nothing: remove it here.
                _connections.TryRemove(id, out _);
            }
        }
    }

    private async Task RunConnectionAsync(long id, Socket socket, CancellationToken cancellationToken)
    {
        // Run off the accept loop: the association's first awaits must not delay the next accept.
        await Task.Yield();
        try
        {
            socket.NoDelay = true;
            var remote = socket.RemoteEndPoint?.ToString() ?? "?";
            await using var stream = new NetworkStream(socket, ownsSocket: true);
            var association = new DicomServerAssociation(stream, remote, _options, _handler, _limiter, _budget, _logger);
            await association.RunAsync(cancellationToken);
        }
        catch (Exception ex)
        {
            // DicomServerAssociation handles every protocol and I/O failure; this is the last guard for the server.
            LogConnectionFailed(ex);
        }
        finally
        {
            _connections.TryRemove(id, out _);
        }
    }

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "DICOM SCP listening on port {Port} as {AeTitle} for {CallingAeCount} calling AE titles")]
    private partial void LogListening(int port, string aeTitle, int callingAeCount);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "DICOM accept failed: {Error}")]
    private partial void LogAcceptFailed(string error);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Warning, Message = "DICOM connection from {Remote} closed at once: {Limit} connections already open")]
    private partial void LogTooManyConnections(string remote, int limit);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Error, Message = "DICOM connection ended with an unexpected error")]
    private partial void LogConnectionFailed(Exception exception);
}
