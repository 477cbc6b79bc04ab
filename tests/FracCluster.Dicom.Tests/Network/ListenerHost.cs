using FracCluster.Dicom.Network;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>A started <see cref="DicomListener"/> on a free port, with two known scanners.</summary>
internal sealed class ListenerHost : IAsyncDisposable
{
    public const string AeTitle = "FRACCLUSTER";
    public const string ScannerAe = "SCANNER1";
    public const string ScannerId = "scanner-1";

    private ListenerHost(DicomListener listener, DicomListenerOptions options, CapturingLogger<DicomListener> logger)
    {
        Listener = listener;
        Options = options;
        Logger = logger;
    }

    public CapturingLogger<DicomListener> Logger { get; }

    /// <summary>Errors the listener logged: an exception that got past an association, or a failing handler.</summary>
    public IEnumerable<CapturingLogger<DicomListener>.Entry> Errors => Logger.Entries.Where(e => e.Level >= LogLevel.Error);

    public DicomListener Listener { get; }

    public DicomListenerOptions Options { get; }

    public int Port => Listener.Port;

    public static async Task<ListenerHost> StartAsync(IDicomStoreHandler handler, Action<DicomListenerOptions>? configure = null)
    {
        var options = new DicomListenerOptions
        {
            Port = 0,
            BindAddress = "127.0.0.1",
            AeTitle = AeTitle,
            CallingAeTitles = new Dictionary<string, string> { [ScannerAe] = ScannerId, ["SCANNER2"] = "scanner-2", ["SCANNER3"] = "scanner-3", ["SCANNER4"] = "scanner-4" },
            ArtimTimeout = TimeSpan.FromSeconds(10),
            IdleTimeout = TimeSpan.FromSeconds(20),
        };
        configure?.Invoke(options);
        var logger = new CapturingLogger<DicomListener>();
        var listener = new DicomListener(Microsoft.Extensions.Options.Options.Create(options), handler, logger);
        await listener.StartAsync(CancellationToken.None);
        return new ListenerHost(listener, options, logger);
    }

    public ValueTask DisposeAsync() => Listener.DisposeAsync();
}
