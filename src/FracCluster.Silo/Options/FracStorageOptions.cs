namespace FracCluster.Silo.Options;

/// <summary>Section <c>Frac:Storage</c>.</summary>
public sealed class FracStorageOptions
{
    public const string Section = "Frac:Storage";

    public StorageProvider Provider { get; set; } = StorageProvider.File;

    /// <summary>Data folder for the File provider (blobs, grain state, the generated API key).</summary>
    public string Root { get; set; } = "data";

    public string? ConnectionString { get; set; }

    public string ContainerName { get; set; } = "fraccluster";
}
