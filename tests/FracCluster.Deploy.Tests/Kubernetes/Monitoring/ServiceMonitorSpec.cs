using k8s.Models;

namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class ServiceMonitorSpec
{
    public V1LabelSelector Selector { get; set; } = new();

    public NamespaceSelector? NamespaceSelector { get; set; }

    public List<ServiceMonitorEndpoint> Endpoints { get; set; } = [];
}
