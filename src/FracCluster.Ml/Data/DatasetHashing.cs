using System.Security.Cryptography;

namespace FracCluster.Ml.Data;

/// <summary>SHA-256 of every image of a source: the identity used for duplicates, splits and feature caches.</summary>
public static class DatasetHashing
{
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>Hashes the entries (all of the source's when null), reading up to <paramref name="maxParallelism"/> at once; results keep the entries' order.</summary>
    public static async Task<IReadOnlyList<HashedEntry>> HashAsync(
        IDatasetSource source,
        IReadOnlyList<DatasetEntry>? entries = null,
        int maxParallelism = 4,
        IProgress<int>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxParallelism, 1);
        if (entries is null)
        {
            var all = new List<DatasetEntry>();
            await foreach (var e in source.EnumerateAsync(cancellationToken))
                all.Add(e);
            entries = all;
        }
        var results = new HashedEntry[entries.Count];
        var done = 0;
        await Parallel.ForEachAsync(
            Enumerable.Range(0, entries.Count),
            new ParallelOptions { MaxDegreeOfParallelism = maxParallelism, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                var entry = entries[i];
                var bytes = await source.ReadAsync(entry.Path, ct);
                results[i] = new HashedEntry(entry.Path, entry.Label, Sha256Hex(bytes));
                progress?.Report(Interlocked.Increment(ref done));
            });
        return results;
    }
}
