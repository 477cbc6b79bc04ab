using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace FracCluster.Cluster.Tests.Infrastructure;

/// <summary>A throw-away CA and certificates it issues, made at test time (none is committed).</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly TempFolder _folder = new();

    public TestCertificates(string caName)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={caName}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        Ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7));
        CaPath = Path.Combine(_folder.Path, "ca.pem");
        File.WriteAllText(CaPath, Ca.ExportCertificatePem());
    }

    public X509Certificate2 Ca { get; }

    public string CaPath { get; }

    /// <summary>Issues a certificate for <paramref name="name"/> (server and client use) and writes it as a .pfx; returns its path.</summary>
    public string Issue(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyAgreement, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
            [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7f;
        using var issued = request.Create(Ca, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(2), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        var path = Path.Combine(_folder.Path, name + ".pfx");
        File.WriteAllBytes(path, withKey.Export(X509ContentType.Pkcs12, (string?)null));
        return path;
    }

    public void Dispose()
    {
        Ca.Dispose();
        _folder.Dispose();
    }
}
