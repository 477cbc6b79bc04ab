namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class PrometheusRuleGroup
{
    public string Name { get; set; } = string.Empty;

    public string? Interval { get; set; }

    public List<AlertingRule> Rules { get; set; } = [];
}
