using System.Collections.Concurrent;
using FracCluster.Storage;

namespace FracCluster.Cluster.Tests.Fakes;

/// <summary>Passes everything to the real store and remembers the keys written, so a test can see which path data took.</summary>
public sealed class RecordingBlobStore(IBlobStore inner) : IBlobStore
{
    private readonly ConcurrentQueue<string> _puts = new();

    public IReadOnlyList<string> Puts => _puts.ToList();

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        _puts.Enqueue(key);
        return inner.PutAsync(key, content, cancellationToken);
    }

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default)
    {
        _puts.Enqueue(key);
        return inner.PutAsync(key, content, cancellationToken);
    }

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(key, cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(key, cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(key, cancellationToken);

    public IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default) => inner.ListAsync(prefix, cancellationToken);

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(key, cancellationToken);
}
