using k8s;
using k8s.Models;

namespace FracCluster.Deploy.Tests.Kubernetes;

/// <summary>One object from a manifest file, with the file it came from for error messages.</summary>
public sealed record Manifest(string File, IKubernetesObject<V1ObjectMeta> Object)
{
    public string Kind => Object.Kind;

    public string Name => Object.Metadata?.Name ?? string.Empty;

    public string? Namespace => Object.Metadata?.NamespaceProperty;

    public override string ToString() => $"{Kind}/{Name} ({File})";
}
