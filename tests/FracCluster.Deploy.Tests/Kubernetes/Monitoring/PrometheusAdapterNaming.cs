namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class PrometheusAdapterNaming
{
    public string Matches { get; set; } = string.Empty;

    public string? As { get; set; }
}
