namespace FracCluster.Silo.Options;

/// <summary>
/// Section <c>Frac:Azure</c>: how the Azure profile authenticates when a section gives a <c>ServiceUri</c> instead of a
/// connection string. Without a client id the host's system-assigned managed identity is used.
/// </summary>
public sealed class FracAzureOptions
{
    public const string Section = "Frac:Azure";

    /// <summary>Client id of a user-assigned managed identity (e.g. AKS workload identity); empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Retries of a failed storage request before the caller sees the failure (the API then answers 503).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay in milliseconds (exponential back-off from here).</summary>
    public int RetryDelayMs { get; set; } = 200;

    /// <summary>Time allowed for one storage request, in seconds.</summary>
    public int NetworkTimeoutSeconds { get; set; } = 10;
}
