namespace FracCluster.Silo.Options;

/// <summary>Where blobs (images, checkpoints) and grain state live (<c>Frac:Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>Files under <see cref="FracStorageOptions.Root"/> (embedded default; several local silos share the folder).</summary>
    File,

    /// <summary>Azure Blob Storage.</summary>
    AzureBlob,
}
