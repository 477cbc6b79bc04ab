using System.Runtime.CompilerServices;
using FracCluster.Storage;

namespace FracCluster.Grains.Training;

/// <summary>A view of a blob store under a key prefix (a run's folder), for code that writes relative keys.</summary>
public sealed class PrefixedBlobStore(IBlobStore inner, string prefix) : IBlobStore
{
    private string Full(string key) => BlobKeys.Combine(prefix, key);

    public Task PutAsync(string key, ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default) => inner.PutAsync(Full(key), content, cancellationToken);

    public Task PutAsync(string key, Stream content, CancellationToken cancellationToken = default) => inner.PutAsync(Full(key), content, cancellationToken);

    public Task<byte[]?> GetAsync(string key, CancellationToken cancellationToken = default) => inner.GetAsync(Full(key), cancellationToken);

    public Task<Stream> OpenReadAsync(string key, CancellationToken cancellationToken = default) => inner.OpenReadAsync(Full(key), cancellationToken);

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken = default) => inner.ExistsAsync(Full(key), cancellationToken);

    public async IAsyncEnumerable<string> ListAsync(string prefix1, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var start = prefix.TrimEnd('/') + "/";
        await foreach (var key in inner.ListAsync(Full(prefix1), cancellationToken))
            yield return key.StartsWith(start, StringComparison.Ordinal) ? key[start.Length..] : key;
    }

    public Task<bool> DeleteAsync(string key, CancellationToken cancellationToken = default) => inner.DeleteAsync(Full(key), cancellationToken);
}
