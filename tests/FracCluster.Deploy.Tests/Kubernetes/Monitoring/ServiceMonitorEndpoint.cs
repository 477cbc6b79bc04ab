namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class ServiceMonitorEndpoint
{
    /// <summary>Name of a Service port.</summary>
    public string Port { get; set; } = string.Empty;

    public string Path { get; set; } = "/metrics";

    public string? Interval { get; set; }

    public string? ScrapeTimeout { get; set; }
}
