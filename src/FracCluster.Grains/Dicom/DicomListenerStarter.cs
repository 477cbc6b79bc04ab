using FracCluster.Dicom.Network;
using FracCluster.Grains.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;

namespace FracCluster.Grains.Dicom;

/// <summary>
/// Runs this silo's C-ECHO/C-STORE SCP when <see cref="DicomOptions.Enabled"/>: opened once the silo is active (an
/// instance received earlier could not be registered) and closed first on the way down, so no C-STORE is answered
/// Success by a silo that can no longer store it.
/// </summary>
public sealed partial class DicomListenerStarter(
    IOptions<DicomOptions> options,
    IOptions<DicomListenerOptions> listenerOptions,
    IServiceProvider services,
    ILoggerFactory loggers) : ILifecycleParticipant<ISiloLifecycle>, IAsyncDisposable
{
    private readonly ILogger _logger = loggers.CreateLogger<DicomListenerStarter>();
    private DicomListener? _listener;

    /// <summary>The bound port once started (the system's pick when <c>Frac:Dicom:Port</c> is 0); null when not running.</summary>
    public int? Port => _listener?.Port;

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DicomListenerStarter), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
            return;
        // Resolved here, not injected: a silo without DICOM never builds the handler.
        var handler = services.GetRequiredService<DicomScanIntakeHandler>();
        var listener = new DicomListener(listenerOptions, handler, loggers.CreateLogger<DicomListener>());
        await listener.StartAsync(cancellationToken);
        _listener = listener;
        LogStarted(_logger, listener.Port, listenerOptions.Value.AeTitle);
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_listener is { } listener)
            await listener.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_listener is { } listener)
            await listener.DisposeAsync();
    }

    [LoggerMessage(EventId = 9010, Level = LogLevel.Information, Message = "DICOM store SCP listening on port {Port} as {AeTitle}")]
    private static partial void LogStarted(ILogger logger, int port, string aeTitle);
}
