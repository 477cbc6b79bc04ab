using System.Runtime.InteropServices;

namespace FracCluster.Cli;

/// <summary>
/// Turns the first Ctrl-C (SIGINT) or SIGTERM into a cancelled token that every command observes, so benchmarks and
/// the demo stop promptly and clean up (unsubscribe, stop the embedded silo) instead of running on; a second signal
/// ends the process at once.
/// </summary>
public sealed class StopSignals : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly PosixSignalRegistration[] _registrations;
    private int _received;

    public StopSignals()
    {
        _registrations =
        [
            PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal),
        ];
    }

    public CancellationToken Token => _stop.Token;

    /// <summary>The signal that cancelled <see cref="Token"/>, if any.</summary>
    public PosixSignal? Received { get; private set; }

    public void Dispose()
    {
        foreach (var registration in _registrations)
            registration.Dispose();
        _stop.Dispose();
    }

    private void OnSignal(PosixSignalContext context)
    {
        if (Interlocked.Increment(ref _received) > 1)
            return; // Not cancelled: the runtime's default action ends the process.
        context.Cancel = true;
        Received = context.Signal;
        Console.Error.WriteLine($"frac: {context.Signal} received; stopping (send it again to end at once).");
        _stop.Cancel();
    }
}
