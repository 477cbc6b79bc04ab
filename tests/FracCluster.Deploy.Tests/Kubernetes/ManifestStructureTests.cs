using k8s.Models;
using FracCluster.Deploy.Tests.Kubernetes.Kustomize;

namespace FracCluster.Deploy.Tests.Kubernetes;

public sealed class ManifestStructureTests
{
    private const string AppNamespace = "fraccluster";
    private static readonly ManifestSet manifests = ManifestSet.Repository;

    [Fact]
    public void Every_manifest_file_parses_strictly_to_known_kinds()
    {
        // Load throws on an unknown apiVersion/kind or an unknown field; here we also make sure nothing is empty.
        var files = ManifestSet.ManifestFiles(RepositoryLayout.KubernetesDirectory).Select(RepositoryLayout.RelativePath).ToList();
        Assert.NotEmpty(files);
        Assert.All(files, f => Assert.Contains(manifests.Manifests, m => m.File == f));
        Assert.All(manifests.Manifests, m => Assert.False(string.IsNullOrEmpty(m.Name), $"{m} has no name"));
    }

    [Fact]
    public void Every_expected_kind_is_present()
    {
        var kinds = manifests.Manifests.Select(m => m.Kind).ToHashSet();
        string[] expected =
        [
            "Namespace", "ServiceAccount", "ConfigMap", "Secret", "Deployment", "Service", "PodDisruptionBudget",
            "HorizontalPodAutoscaler", "ServiceMonitor", "PrometheusRule",
        ];
        Assert.All(expected, k => Assert.Contains(k, kinds));
    }

    [Fact]
    public void Object_names_are_unique_per_kind_and_namespace()
    {
        var duplicates = manifests.Manifests.GroupBy(m => (m.Kind, m.Namespace, m.Name)).Where(g => g.Count() > 1).Select(g => g.Key);
        Assert.Empty(duplicates);
    }

    [Fact]
    public void Application_objects_live_in_the_namespace_the_manifests_create()
    {
        var ns = Assert.Single(manifests.All<V1Namespace>());
        Assert.Equal(AppNamespace, ns.Metadata.Name);
        // The prometheus-adapter rule belongs to the adapter's own configuration, in its namespace.
        var adapterConfig = Assert.Single(manifests.Manifests, m => m.File.EndsWith("prometheus-adapter-config.yaml", StringComparison.Ordinal));
        Assert.Equal("monitoring", adapterConfig.Namespace);
        var appObjects = manifests.Manifests.Where(m => m.Kind != "Namespace" && m != adapterConfig);
        Assert.All(appObjects, m => Assert.True(m.Namespace == AppNamespace, $"{m} is in namespace '{m.Namespace}', not {AppNamespace}"));
    }

    [Fact]
    public void Every_kustomization_lists_exactly_the_manifests_of_its_folder_except_templates()
    {
        var kustomizations = Directory.EnumerateFiles(RepositoryLayout.KubernetesDirectory, ManifestSet.KustomizationFileName, SearchOption.AllDirectories).ToList();
        Assert.Equal(2, kustomizations.Count);
        foreach (var path in kustomizations)
        {
            var kustomization = Kustomization.Load(path);
            Assert.Equal("kustomize.config.k8s.io/v1beta1", kustomization.ApiVersion);
            Assert.Equal("Kustomization", kustomization.Kind);
            var folder = Path.GetDirectoryName(path)!;
            var expected = Directory.EnumerateFiles(folder, "*.yaml")
                .Select(Path.GetFileName)
                .Where(f => f != ManifestSet.KustomizationFileName && !f!.EndsWith(".template.yaml", StringComparison.Ordinal))
                .Order(StringComparer.Ordinal);
            Assert.Equal(expected, kustomization.Resources.Order(StringComparer.Ordinal));
        }
    }

    [Fact]
    public void Every_manifest_folder_is_covered_by_a_kustomization()
    {
        var folders = ManifestSet.ManifestFiles(RepositoryLayout.KubernetesDirectory).Select(Path.GetDirectoryName).Distinct();
        Assert.All(folders, f => Assert.True(File.Exists(Path.Combine(f!, ManifestSet.KustomizationFileName)), $"{f} has no kustomization.yaml"));
    }

    [Fact]
    public void Kustomize_images_rewrite_the_images_the_deployments_run()
    {
        var kustomization = Kustomization.Load(Path.Combine(RepositoryLayout.KubernetesDirectory, ManifestSet.KustomizationFileName));
        var deploymentImages = manifests.All<V1Deployment>()
            .SelectMany(d => d.Spec.Template.Spec.Containers)
            .Select(c => c.Image.Split(':')[0])
            .Distinct()
            .Order(StringComparer.Ordinal);
        Assert.Equal(deploymentImages, kustomization.Images.Select(i => i.Name).Order(StringComparer.Ordinal));
        Assert.All(kustomization.Images, i => Assert.False(string.IsNullOrEmpty(i.NewTag)));
    }

    [Fact]
    public void Secret_template_is_kept_out_of_kustomize_and_holds_placeholders_only()
    {
        var secret = Assert.Single(manifests.All<V1Secret>());
        Assert.EndsWith(".template.yaml", manifests.FileOf(secret), StringComparison.Ordinal);
        Assert.Null(secret.Data); // base64 data would be a real value; the template uses stringData placeholders
        Assert.NotEmpty(secret.StringData);
        Assert.All(secret.StringData, kv => Assert.Matches("^<[a-z0-9-]+>$", kv.Value));
    }

    [Fact]
    public void Service_account_has_no_api_token()
    {
        var account = Assert.Single(manifests.All<V1ServiceAccount>());
        Assert.False(account.AutomountServiceAccountToken);
        Assert.All(manifests.All<V1Deployment>(), d =>
        {
            Assert.Equal(account.Metadata.Name, d.Spec.Template.Spec.ServiceAccountName);
            Assert.False(d.Spec.Template.Spec.AutomountServiceAccountToken);
        });
    }
}
