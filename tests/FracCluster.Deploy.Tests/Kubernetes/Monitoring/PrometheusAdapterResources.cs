namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class PrometheusAdapterResources
{
    public Dictionary<string, PrometheusAdapterResourceOverride> Overrides { get; set; } = [];

    public string? Template { get; set; }
}
