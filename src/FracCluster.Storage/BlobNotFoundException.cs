namespace FracCluster.Storage;

public sealed class BlobNotFoundException(string key) : Exception($"Blob '{key}' does not exist.")
{
    public string Key { get; } = key;
}
