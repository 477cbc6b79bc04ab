namespace FracCluster.Deploy.Tests.Kubernetes.Kustomize;

public sealed class KustomizeImage
{
    public string Name { get; set; } = string.Empty;

    public string? NewName { get; set; }

    public string? NewTag { get; set; }
}
