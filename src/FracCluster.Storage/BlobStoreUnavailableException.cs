namespace FracCluster.Storage;

/// <summary>
/// The store could not be reached or answered with a transient error (network failure, timeout, throttling, 5xx) after the
/// client's retries. Callers may retry later; an HTTP API answers 503. Permanent errors (authorisation, bad request) are not
/// wrapped in this type.
/// </summary>
public sealed class BlobStoreUnavailableException : Exception
{
    public BlobStoreUnavailableException(string operation, string key, Exception inner)
        : base($"Blob storage is unavailable ({operation} '{key}'): {inner.Message}", inner)
    {
        Operation = operation;
        Key = key;
    }

    /// <summary>The store operation that failed, e.g. "put", "get", "list".</summary>
    public string Operation { get; }

    /// <summary>The key (or list prefix) it was for.</summary>
    public string Key { get; }
}
