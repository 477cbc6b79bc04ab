namespace FracCluster.Storage;

/// <summary>Where blobs live. Chosen by configuration (<c>BlobStore:Provider</c>); the code paths above the store are the same.</summary>
public enum BlobStoreProvider
{
    /// <summary>Files under <see cref="BlobStoreOptions.Root"/>: the embedded default, one machine, no services.</summary>
    File,

    /// <summary>Azure Blob Storage (or Azurite), one container.</summary>
    AzureBlob,
}
