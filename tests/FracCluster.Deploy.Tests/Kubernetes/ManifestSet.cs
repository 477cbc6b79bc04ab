using k8s;
using k8s.Models;
using FracCluster.Deploy.Tests.Kubernetes.Monitoring;

namespace FracCluster.Deploy.Tests.Kubernetes;

/// <summary>
/// Every object in the YAML files under a folder, parsed strictly (unknown fields fail) into the Kubernetes client's
/// models, plus the Prometheus Operator kinds the monitoring folder uses. Kustomization files are not objects.
/// </summary>
public sealed class ManifestSet
{
    public const string KustomizationFileName = "kustomization.yaml";

    private static readonly Dictionary<string, Type> customResourceTypes = new(StringComparer.Ordinal)
    {
        ["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(ServiceMonitor),
        ["monitoring.coreos.com/v1/PrometheusRule"] = typeof(PrometheusRule),
    };

    private static readonly Lazy<ManifestSet> repository = new(() => Load(RepositoryLayout.KubernetesDirectory));

    private ManifestSet(IReadOnlyList<Manifest> manifests) => Manifests = manifests;

    /// <summary>The manifests under k8s/ in this repository, loaded once.</summary>
    public static ManifestSet Repository => repository.Value;

    public IReadOnlyList<Manifest> Manifests { get; }

    public static IEnumerable<string> ManifestFiles(string directory) =>
        Directory.EnumerateFiles(directory, "*.yaml", SearchOption.AllDirectories)
            .Concat(Directory.EnumerateFiles(directory, "*.yml", SearchOption.AllDirectories))
            .Where(f => !string.Equals(Path.GetFileName(f), KustomizationFileName, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

    public static ManifestSet Load(string directory)
    {
        var manifests = new List<Manifest>();
        foreach (var file in ManifestFiles(directory))
        {
            var relative = RepositoryLayout.RelativePath(file);
            List<object> objects;
            try
            {
                objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(file), customResourceTypes, strict: true);
            }
            catch (Exception e) when (e is KeyNotFoundException or YamlDotNet.Core.YamlException)
            {
                throw new InvalidDataException($"{relative} does not parse as known Kubernetes objects: {e.Message}", e);
            }
            foreach (var obj in objects)
            {
                if (obj is not IKubernetesObject<V1ObjectMeta> k8sObject)
                    throw new InvalidDataException($"{relative} holds a {obj.GetType().Name}, which has no object metadata.");
                manifests.Add(new Manifest(relative, k8sObject));
            }
        }
        return new ManifestSet(manifests);
    }

    public IEnumerable<T> All<T>() => Manifests.Select(m => m.Object).OfType<T>();

    public T Single<T>(string name)
        where T : IKubernetesObject<V1ObjectMeta> =>
        All<T>().SingleOrDefault(o => o.Metadata.Name == name)
        ?? throw new KeyNotFoundException($"No {typeof(T).Name} named {name} in the manifests.");

    public string FileOf(IKubernetesObject<V1ObjectMeta> obj) =>
        Manifests.First(m => ReferenceEquals(m.Object, obj)).File;
}
