using k8s.Models;
using FracCluster.Deploy.Tests.Contracts;
using FracCluster.Deploy.Tests.Kubernetes.Monitoring;

namespace FracCluster.Deploy.Tests.Kubernetes;

public sealed class AutoscalingTests
{
    private static readonly ManifestSet manifests = ManifestSet.Repository;

    [Fact]
    public void Autoscaler_targets_the_cpu_pool_deployment()
    {
        var hpa = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>());
        Assert.Equal("apps/v1", hpa.Spec.ScaleTargetRef.ApiVersion);
        Assert.Equal("Deployment", hpa.Spec.ScaleTargetRef.Kind);
        var target = manifests.Single<V1Deployment>(hpa.Spec.ScaleTargetRef.Name);
        Assert.Equal(SiloDeploymentTests.CpuDeployment, target.Metadata.Name);
        Assert.Equal(target.Metadata.NamespaceProperty, hpa.Metadata.NamespaceProperty);
        Assert.InRange(hpa.Spec.MinReplicas ?? 1, 2, hpa.Spec.MaxReplicas);
    }

    [Fact]
    public void Autoscaler_scales_on_queue_depth_per_pod_and_on_cpu()
    {
        var hpa = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>());
        var queue = Assert.Single(hpa.Spec.Metrics, m => m.Type == "Pods");
        Assert.Equal(SiloMetricsContract.QueueDepth.PrometheusName, queue.Pods.Metric.Name);
        Assert.Equal("AverageValue", queue.Pods.Target.Type);
        Assert.True(queue.Pods.Target.AverageValue.ToDecimal() >= 16, "a target below one batch would scale on every partial batch");

        var cpu = Assert.Single(hpa.Spec.Metrics, m => m.Type == "Resource");
        Assert.Equal("cpu", cpu.Resource.Name);
        Assert.Equal("Utilization", cpu.Resource.Target.Type);
        Assert.InRange(cpu.Resource.Target.AverageUtilization ?? 0, 50, 90);
    }

    [Fact]
    public void Autoscaler_scales_down_more_slowly_than_up()
    {
        var behavior = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>()).Spec.Behavior;
        Assert.True(behavior.ScaleDown.StabilizationWindowSeconds > behavior.ScaleUp.StabilizationWindowSeconds);
        Assert.All(behavior.ScaleDown.Policies, p => Assert.True(p.Type == "Pods" && p.Value == 1, "silos should leave one at a time"));
    }

    [Fact]
    public void Adapter_rule_exposes_the_metric_the_autoscaler_uses_per_pod()
    {
        var hpa = Assert.Single(manifests.All<V2HorizontalPodAutoscaler>());
        var metricName = Assert.Single(hpa.Spec.Metrics, m => m.Type == "Pods").Pods.Metric.Name;
        var config = AdapterConfig();

        var rule = Assert.Single(config.Rules, r => r.ExposedName() == metricName);
        Assert.Contains(rule.SeriesName(), SiloMetricsContract.Metrics.SelectMany(m => m.SeriesNames));
        // A Pods metric is looked up per pod: the rule must tie series to namespaces and pods.
        Assert.Equal("namespace", rule.Resources.Overrides["namespace"].Resource);
        Assert.Equal("pod", rule.Resources.Overrides["pod"].Resource);
        Assert.Contains("<<.Series>>", rule.MetricsQuery, StringComparison.Ordinal);
        Assert.Contains("<<.LabelMatchers>>", rule.MetricsQuery, StringComparison.Ordinal);
        Assert.Contains("<<.GroupBy>>", rule.MetricsQuery, StringComparison.Ordinal);
    }

    internal static PrometheusAdapterConfig AdapterConfig()
    {
        var configMap = manifests.Single<V1ConfigMap>("adapter-config");
        Assert.EndsWith("prometheus-adapter-config.yaml", manifests.FileOf(configMap), StringComparison.Ordinal);
        return PrometheusAdapterConfig.Parse(configMap.Data["config.yaml"]);
    }
}
