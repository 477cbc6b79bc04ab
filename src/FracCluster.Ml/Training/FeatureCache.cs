using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using FracCluster.Storage;

namespace FracCluster.Ml.Training;

/// <summary>
/// Backbone features per image in a blob store, keyed by what determines them: the backbone weights' hash, the image's
/// SHA-256 and the preprocessing fingerprint. Anything else changing (labels, splits, head) reuses them; an
/// interrupted extraction keeps every batch it finished. One small blob per image: raw little-endian float32.
/// </summary>
public sealed class FeatureCache
{
    private readonly IBlobStore _store;
    private readonly string _prefix;

    /// <param name="store">Where features live (a local folder or a blob container shared by a cluster).</param>
    /// <param name="backboneSha256">From <see cref="ModuleFingerprint.Sha256"/> over the backbone.</param>
    /// <param name="preprocessFingerprint">From <c>PreprocessOptions.Fingerprint()</c>.</param>
    /// <param name="featureCount">Width of a feature vector; a blob of another size is treated as absent.</param>
    /// <param name="root">Key prefix under which caches live.</param>
    public FeatureCache(IBlobStore store, string backboneSha256, string preprocessFingerprint, int featureCount, string root = "features")
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentException.ThrowIfNullOrWhiteSpace(backboneSha256);
        ArgumentNullException.ThrowIfNull(preprocessFingerprint);
        _store = store;
        FeatureCount = featureCount;
        var prep = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(preprocessFingerprint)))[..16];
        _prefix = BlobKeys.Combine(root, $"{backboneSha256[..Math.Min(16, backboneSha256.Length)]}-{prep}");
    }

    public int FeatureCount { get; }

    /// <summary>The key prefix of this backbone + preprocessing combination.</summary>
    public string Prefix => _prefix;

    public string KeyFor(string imageSha256) => BlobKeys.Combine(_prefix, imageSha256[..2].ToLowerInvariant(), imageSha256.ToLowerInvariant() + ".f32");

    /// <summary>Returns the cached vector, or null when absent or of the wrong size (a partial write is never visible).</summary>
    public async Task<float[]?> TryGetAsync(string imageSha256, CancellationToken cancellationToken = default)
    {
        var bytes = await _store.GetAsync(KeyFor(imageSha256), cancellationToken);
        if (bytes is null || bytes.Length != FeatureCount * sizeof(float))
            return null;
        var values = new float[FeatureCount];
        // Little-endian on every platform .NET and libtorch run on here.
        MemoryMarshal.Cast<byte, float>(bytes).CopyTo(values);
        return values;
    }

    public Task PutAsync(string imageSha256, ReadOnlySpan<float> features, CancellationToken cancellationToken = default)
    {
        if (features.Length != FeatureCount)
            throw new ArgumentException($"Expected {FeatureCount} features, got {features.Length}.", nameof(features));
        var bytes = MemoryMarshal.AsBytes(features).ToArray();
        return _store.PutAsync(KeyFor(imageSha256), bytes, cancellationToken);
    }
}
