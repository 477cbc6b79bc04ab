using FracCluster.TestSupport.Certificates;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>
/// The Azure profile runs with mutual TLS on the Orleans ports, as the Kubernetes manifests do: one throw-away CA per
/// test run and one certificate it issued, in the Kubernetes TLS-secret layout the manifests mount (PEM files).
/// </summary>
public static class ClusterTlsMaterial
{
    private static readonly Lazy<(TestCertificateAuthority Ca, string Folder)> Material = new(() =>
    {
        var ca = new TestCertificateAuthority("FracCluster Azure profile test CA");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => ca.Dispose();
        return (ca, ca.IssueTlsFolder("azure-profile-silo"));
    });

    public static string Folder => Material.Value.Folder;
}
