namespace FracCluster.Silo.Options;

/// <summary>Section <c>Frac:Storage</c>.</summary>
public sealed class FracStorageOptions
{
    public const string Section = "Frac:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.File;

    /// <summary>Data folder for the File provider (blobs, grain state, the generated API key).</summary>
    public string Root { get; set; } = "data";

    public string? ConnectionString { get; set; }

    /// <summary>AzureBlob without a connection string: the blob endpoint (https://ACCOUNT.blob.core.windows.net/), reached with the managed identity (<c>Frac:Azure</c>).</summary>
    public string? ServiceUri { get; set; }

    /// <summary>AzureBlob: the container of grain state (scan records, stream pub/sub); blobs go to <see cref="ContainerName"/>.</summary>
    public string GrainStateContainerName { get; set; } = "fraccluster-grainstate";

    public string ContainerName { get; set; } = "fraccluster";
}
