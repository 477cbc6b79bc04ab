using k8s;
using k8s.Models;

namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

/// <summary>The Prometheus Operator's PrometheusRule (alerting rules only).</summary>
public sealed class PrometheusRule : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public PrometheusRuleSpec Spec { get; set; } = new();
}
