using k8s;
using k8s.Models;

namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

/// <summary>The Prometheus Operator's ServiceMonitor, as far as these manifests use it (strict parsing rejects the rest).</summary>
public sealed class ServiceMonitor : IKubernetesObject<V1ObjectMeta>
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public ServiceMonitorSpec Spec { get; set; } = new();
}
