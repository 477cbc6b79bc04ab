using System.Runtime.CompilerServices;
using FracCluster.Storage;

namespace FracCluster.Ml.Data;

/// <summary>
/// A dataset under a key prefix of an <see cref="IBlobStore"/>: a local folder (through <see cref="FileBlobStore"/>) or a
/// blob container. The image list is taken once when the source is opened, so a run sees a fixed set of images.
/// Entry paths are relative to the prefix, so a manifest made from a local copy matches the same data in a container.
/// </summary>
public abstract class BlobDatasetSource : IDatasetSource
{
    private protected BlobDatasetSource(IBlobStore store, string prefix, string description, IReadOnlyList<string> classNames, IReadOnlyList<DatasetEntry> entries)
    {
        Store = store;
        Prefix = prefix;
        Description = description;
        ClassNames = classNames;
        Entries = entries;
    }

    public IBlobStore Store { get; }

    /// <summary>Key prefix of the dataset root: empty, or ending in '/'.</summary>
    public string Prefix { get; }

    public string Description { get; }

    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>The images found when the source was opened, in ordinal path order.</summary>
    public IReadOnlyList<DatasetEntry> Entries { get; }

    public async IAsyncEnumerable<DatasetEntry> EnumerateAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        foreach (var entry in Entries)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return entry;
        }
        await Task.CompletedTask;
    }

    /// <exception cref="BlobNotFoundException">The image was removed after the source was opened.</exception>
    public async Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken = default) =>
        await Store.GetAsync(Prefix + path, cancellationToken) ?? throw new BlobNotFoundException(Prefix + path);

    /// <summary>"" stays ""; anything else gets exactly one trailing '/'.</summary>
    public static string NormalizePrefix(string? prefix)
    {
        var p = (prefix ?? string.Empty).Trim('/');
        return p.Length == 0 ? string.Empty : p + "/";
    }

    private protected static async Task<List<string>> ListRelativeAsync(IBlobStore store, string prefix, string under, CancellationToken cancellationToken)
    {
        var keys = new List<string>();
        await foreach (var key in store.ListAsync(prefix + under, cancellationToken))
            keys.Add(key[prefix.Length..]);
        return keys;
    }
}
