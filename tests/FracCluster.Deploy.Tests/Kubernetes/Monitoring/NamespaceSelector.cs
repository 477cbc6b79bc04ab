namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class NamespaceSelector
{
    public bool Any { get; set; }

    public List<string> MatchNames { get; set; } = [];
}
