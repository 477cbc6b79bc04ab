using System.Security.Cryptography.X509Certificates;
using Orleans.Connections.Security;

namespace FracCluster.Silo.Security;

/// <summary>
/// Loads the certificates <see cref="ClusterTlsOptions"/> names and decides whether a peer's certificate belongs to the
/// cluster: it must chain to the configured CA alone (a custom root trust, no system store), be within its validity, and
/// be presented in both directions. Host names are not checked: silos reach each other by pod IP, and what identifies a
/// member is a certificate the cluster's CA issued, not a name.
/// </summary>
public sealed class ClusterCertificates
{
    private ClusterCertificates(X509Certificate2 local, X509Certificate2 ca)
    {
        Local = local;
        Ca = ca;
    }

    public X509Certificate2 Local { get; }

    public X509Certificate2 Ca { get; }

    public static ClusterCertificates Load(ClusterTlsOptions options)
    {
        var path = options.CertificatePath ?? throw new InvalidOperationException($"{ClusterTlsOptions.Section}:CertificatePath is not set.");
        X509Certificate2 local;
        if (options.KeyPath is { } keyPath)
        {
            local = X509Certificate2.CreateFromPemFile(path, keyPath);
        }
        else if (path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".crt", StringComparison.OrdinalIgnoreCase))
        {
            // A PEM holding both the certificate and its key.
            local = X509Certificate2.CreateFromPemFile(path);
        }
        else
        {
            local = X509CertificateLoader.LoadPkcs12FromFile(path, options.CertificatePassword);
        }
        if (!local.HasPrivateKey)
            throw new InvalidOperationException($"{ClusterTlsOptions.Section}:CertificatePath {path} has no private key (set {ClusterTlsOptions.Section}:KeyPath).");
        var ca = X509CertificateLoader.LoadCertificateFromFile(options.CaCertificatePath
            ?? throw new InvalidOperationException($"{ClusterTlsOptions.Section}:CaCertificatePath is not set."));
        var certificates = new ClusterCertificates(local, ca);
        if (!certificates.IsMember(local))
            throw new InvalidOperationException($"This process's own certificate ({local.Subject}) is not issued by the cluster CA ({ca.Subject}) or is not valid now.");
        return certificates;
    }

    /// <summary>Whether <paramref name="certificate"/> chains to the cluster CA and is valid now.</summary>
    public bool IsMember(X509Certificate2? certificate)
    {
        if (certificate is null)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate)
            && chain.ChainElements[^1].Certificate.RawDataMemory.Span.SequenceEqual(Ca.RawDataMemory.Span);
    }

    /// <summary>Both directions require a certificate, and only the cluster's own are accepted.</summary>
    public void Apply(TlsOptions tls)
    {
        tls.LocalCertificate = Local;
        tls.RemoteCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.ClientCertificateMode = RemoteCertificateMode.RequireCertificate;
        tls.RemoteCertificateValidation = (certificate, _, _) => IsMember(certificate);
    }
}
