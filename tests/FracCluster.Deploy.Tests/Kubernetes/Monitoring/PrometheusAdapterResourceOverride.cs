namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class PrometheusAdapterResourceOverride
{
    public string? Group { get; set; }

    public string Resource { get; set; } = string.Empty;
}
