using System.Security.Cryptography;
using System.Text;
using FracCluster.Storage;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace FracCluster.Grains.Storage;

/// <summary>
/// Grain state as blobs in an <see cref="IBlobStore"/> (files under the data folder in the embedded default), one blob
/// per grain and state name under <c>grains/</c>, written atomically. The ETag is a hash of the stored bytes, so a write
/// based on stale state is refused with <see cref="InconsistentStateException"/>.
/// </summary>
public sealed class BlobGrainStorage(string name, IBlobStore blobs, Serializer serializer) : IGrainStorage
{
    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var bytes = await blobs.GetAsync(KeyFor(stateName, grainId));
        if (bytes is null)
        {
            grainState.State = Activator.CreateInstance<T>();
            grainState.ETag = null;
            grainState.RecordExists = false;
            return;
        }
        grainState.State = serializer.Deserialize<T>(bytes);
        grainState.ETag = ETagOf(bytes);
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = KeyFor(stateName, grainId);
        await CheckETagAsync(key, grainState.ETag);
        var bytes = serializer.SerializeToArray(grainState.State);
        await blobs.PutAsync(key, bytes);
        grainState.ETag = ETagOf(bytes);
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState)
    {
        var key = KeyFor(stateName, grainId);
        await CheckETagAsync(key, grainState.ETag);
        await blobs.DeleteAsync(key);
        grainState.State = Activator.CreateInstance<T>();
        grainState.ETag = null;
        grainState.RecordExists = false;
    }

    private async Task CheckETagAsync(string key, string? expected)
    {
        var current = await blobs.GetAsync(key);
        var currentETag = current is null ? null : ETagOf(current);
        if (!string.Equals(currentETag, expected, StringComparison.Ordinal))
            throw new InconsistentStateException($"Grain storage '{name}': blob '{key}' changed since it was read.", currentETag ?? "(none)", expected ?? "(none)");
    }

    private string KeyFor(string stateName, GrainId grainId)
    {
        var key = Encode(grainId.Key.ToString() ?? string.Empty);
        // Two hex characters of fan-out keep folders small when there are millions of scans.
        var fan = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)).AsSpan(0, 1));
        return $"grains/{Encode(name)}/{Encode(stateName)}/{Encode(grainId.Type.ToString() ?? "grain")}/{fan}/{key}";
    }

    private static string ETagOf(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes).AsSpan(0, 12));

    /// <summary>Letters, digits, '-' and '_' stay; everything else becomes %XX, so any key is one safe path segment.</summary>
    private static string Encode(string value)
    {
        var builder = new StringBuilder(value.Length);
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            var c = (char)b;
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '_')
                builder.Append(c);
            else
                builder.Append('%').Append(b.ToString("X2"));
        }
        return builder.Length == 0 ? "%00" : builder.ToString();
    }
}
