namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class PrometheusRuleSpec
{
    public List<PrometheusRuleGroup> Groups { get; set; } = [];
}
