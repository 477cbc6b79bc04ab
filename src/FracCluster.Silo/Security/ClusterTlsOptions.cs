using Microsoft.Extensions.Options;

namespace FracCluster.Silo.Security;

/// <summary>
/// Section <c>Frac:Tls</c>: mutual TLS on the Orleans silo-to-silo and client-to-gateway connections. Off in the
/// embedded default (one process, loopback only); on in the Azure profile and the Kubernetes manifests.
/// </summary>
public sealed class ClusterTlsOptions
{
    public const string Section = "Frac:Tls";

    public bool Enabled { get; set; }

    /// <summary>This silo's (or client's) certificate: a PKCS#12 file (.pfx/.p12) with its key, or a PEM certificate.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key, when <see cref="CertificatePath"/> is a PEM certificate without it.</summary>
    public string? KeyPath { get; set; }

    /// <summary>Password of a PKCS#12 file (a Kubernetes secret); never logged.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>
    /// PEM certificate of the cluster's own CA. A peer must present a certificate issued by it, in both directions: a
    /// certificate from any other CA, publicly trusted ones included, is refused.
    /// </summary>
    public string? CaCertificatePath { get; set; }
}

public sealed class ClusterTlsOptionsValidator : IValidateOptions<ClusterTlsOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusterTlsOptions o)
    {
        if (!o.Enabled)
            return ValidateOptionsResult.Success;
        var s = ClusterTlsOptions.Section;
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(o.CertificatePath))
            failures.Add($"{s}:CertificatePath is required when {s}:Enabled is true.");
        else if (!File.Exists(o.CertificatePath))
            failures.Add($"{s}:CertificatePath {o.CertificatePath} does not exist.");
        if (o.KeyPath is { } key && !File.Exists(key))
            failures.Add($"{s}:KeyPath {key} does not exist.");
        if (string.IsNullOrWhiteSpace(o.CaCertificatePath))
            failures.Add($"{s}:CaCertificatePath is required when {s}:Enabled is true: peers are accepted only with a certificate from the cluster's CA.");
        else if (!File.Exists(o.CaCertificatePath))
            failures.Add($"{s}:CaCertificatePath {o.CaCertificatePath} does not exist.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
