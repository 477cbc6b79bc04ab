namespace FracCluster.Silo.Options;

/// <summary>Section <c>Frac:Api</c>: the key that write endpoints and the dashboard require.</summary>
public sealed class ApiOptions
{
    public const string Section = "Frac:Api";

    /// <summary>The key itself (e.g. from a Kubernetes secret as <c>Frac__Api__ApiKey</c>). Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A file holding the key. With neither set, the silo creates <c>{Frac:Storage:Root}/api-key</c> on first start.</summary>
    public string? ApiKeyFile { get; set; }
}
