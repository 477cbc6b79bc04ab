namespace FracCluster.Silo.Options;

/// <summary>Section <c>Frac:Api</c>: the operator key, and the named credentials of scanners and operators.</summary>
public sealed class ApiOptions
{
    public const string Section = "Frac:Api";

    /// <summary>The key itself (e.g. from a Kubernetes secret as <c>Frac__Api__ApiKey</c>). Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>A file holding the key. With neither set, the silo creates <c>{Frac:Storage:Root}/api-key</c> on first start.</summary>
    public string? ApiKeyFile { get; set; }

    /// <summary>
    /// Named credentials with roles (key hashes only). The key above stays the operator credential named
    /// <see cref="OperatorKeyName"/>, so the embedded default and existing scripts keep working.
    /// </summary>
    public List<FracCluster.Silo.Security.ApiCredentialSetting> Credentials { get; set; } = [];

    /// <summary>A JSON array of credentials in the same form, re-read when it changes (rotation without a restart).</summary>
    public string? CredentialsFile { get; set; }

    /// <summary>The audit log's name for whoever used <see cref="ApiKey"/> / <see cref="ApiKeyFile"/>.</summary>
    public const string OperatorKeyName = "operator-key";
}
