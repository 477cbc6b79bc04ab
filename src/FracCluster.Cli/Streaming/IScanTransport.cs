using FracCluster.Contracts;

namespace FracCluster.Cli.Streaming;

/// <summary>How the scanner simulator reaches the cluster: the HTTP API (default) or the Orleans client.</summary>
public interface IScanTransport : IAsyncDisposable
{
    /// <summary>
    /// Starts delivering every final result of these scanners to <paramref name="onResult"/>; returns once subscribed.
    /// Disposing the returned handle ends those subscriptions (and waits until they have ended): a subscription left
    /// open outlives its reader in the cluster's pub-sub store.
    /// </summary>
    Task<IAsyncDisposable> SubscribeAsync(IReadOnlyList<string> scanners, Action<ScanResult> onResult, CancellationToken cancellationToken);

    Task<SubmitReply> SubmitAsync(string scannerId, string clientScanId, byte[] image, ScanSendOptions send, CancellationToken cancellationToken);

    /// <summary>The stored state of a scan (waiting up to <paramref name="wait"/>); null when unknown.</summary>
    Task<ScanResult?> GetAsync(string scanId, TimeSpan wait, CancellationToken cancellationToken);
}
