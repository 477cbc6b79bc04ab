namespace FracCluster.Storage;

/// <summary>
/// Flat key/value blob storage ("scans/2026/..", "runs/{id}/metrics.jsonl"). Keys use '/' separators.
/// Implementations: local files (embedded default) and Azure Blob Storage (production).
/// </summary>
public interface IBlobStore
{
    /// <summary>Writes (or overwrites) a blob atomically: readers see the old or the new content, never a part.</summary>
    Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default);

    Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default);

    /// <summary>Returns null when the blob does not exist.</summary>
    Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Opens a blob for reading; throws <see cref="BlobNotFoundException"/> when absent.</summary>
    Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default);

    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
    IAsyncEnumerable<string> ListAsync(string prefix, CancellationToken cancellationToken = default);

    Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default);
}
