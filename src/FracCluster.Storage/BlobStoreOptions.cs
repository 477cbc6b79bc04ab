namespace FracCluster.Storage;

/// <summary>
/// Blob store settings, bound from the <see cref="SectionName"/> configuration section.
/// Azure authentication, in order of precedence:
/// <list type="number">
/// <item><see cref="ConnectionString"/> (account key or SAS connection string; Azurite's development string works too);</item>
/// <item><see cref="ServiceUri"/> carrying a SAS token in its query (<c>https://acct.blob.core.windows.net/?sv=...&amp;sig=...</c>);</item>
/// <item><see cref="ServiceUri"/> without a SAS plus <see cref="UseManagedIdentity"/>: the pod's or VM's managed identity
/// (system-assigned, or user-assigned with <see cref="ManagedIdentityClientId"/>), which needs the
/// "Storage Blob Data Contributor" role on the account or container.</item>
/// </list>
/// </summary>
public sealed class BlobStoreOptions
{
    public const string SectionName = "BlobStore";

    public BlobStoreProvider Provider { get; set; } = BlobStoreProvider.File;

    /// <summary>File provider: the folder that holds the blobs (created if missing). Relative paths resolve against the working directory.</summary>
    public string Root { get; set; } = "data";

    /// <summary>Azure: a storage connection string. Treat it as a secret (environment variable or Kubernetes Secret, never appsettings).</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Azure: the blob service endpoint, optionally with a SAS query string. Ignored when <see cref="ConnectionString"/> is set.</summary>
    public Uri? ServiceUri { get; set; }

    /// <summary>Azure: authenticate to <see cref="ServiceUri"/> with the managed identity of the host.</summary>
    public bool UseManagedIdentity { get; set; }

    /// <summary>Azure: client id of a user-assigned managed identity; empty means the system-assigned identity.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Azure: the container that holds every blob of this deployment.</summary>
    public string ContainerName { get; set; } = "fraccluster";

    /// <summary>Azure: create the container on first write when it does not exist. Turn off when the credential may not create containers.</summary>
    public bool CreateContainerIfMissing { get; set; } = true;

    /// <summary>Azure: retries of a failed request before it surfaces as <see cref="BlobStoreUnavailableException"/>.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Azure: first retry delay (exponential back-off from here).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Azure: upper bound of one retry delay.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Azure: time allowed for one request (per try).</summary>
    public TimeSpan NetworkTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
