using System.Text.RegularExpressions;
using k8s.Models;
using FracCluster.Deploy.Tests.Contracts;
using FracCluster.Deploy.Tests.Kubernetes.Monitoring;

namespace FracCluster.Deploy.Tests.Kubernetes;

public sealed partial class MonitoringTests
{
    private static readonly ManifestSet manifests = ManifestSet.Repository;

    [Fact]
    public void Service_monitor_scrapes_metrics_through_one_service_with_that_port()
    {
        var monitor = Assert.Single(manifests.All<ServiceMonitor>());
        var services = manifests.All<V1Service>()
            .Where(s => s.Metadata.NamespaceProperty == monitor.Metadata.NamespaceProperty || monitor.Spec.NamespaceSelector?.MatchNames.Contains(s.Metadata.NamespaceProperty) == true)
            .Where(s => LabelSelectors.Matches(monitor.Spec.Selector, s.Metadata.Labels))
            .ToList();
        var service = Assert.Single(services); // one Service, so each silo is scraped once
        var endpoint = Assert.Single(monitor.Spec.Endpoints);
        Assert.Equal("/metrics", endpoint.Path);
        Assert.Contains(service.Spec.Ports, p => p.Name == endpoint.Port);
    }

    [Fact]
    public void Alert_rules_use_only_metrics_the_silo_exports()
    {
        var exported = SiloMetricsContract.Metrics.SelectMany(m => m.SeriesNames).ToHashSet(StringComparer.Ordinal);
        var rules = AlertRules().ToList();
        Assert.NotEmpty(rules);
        foreach (var rule in rules)
        {
            foreach (Match match in FracMetricName().Matches(rule.Expr))
                Assert.True(exported.Contains(match.Value), $"Alert {rule.Alert} uses {match.Value}, which is not in the metrics contract");
        }
    }

    [Fact]
    public void Alerts_cover_backlog_latency_rejections_silo_count_and_readiness()
    {
        var expressions = AlertRules().Select(r => r.Expr).ToList();
        Assert.Contains(expressions, e => e.Contains("fraccluster_queue_depth", StringComparison.Ordinal));
        Assert.Contains(expressions, e => e.Contains("histogram_quantile(0.95", StringComparison.Ordinal) && e.Contains("fraccluster_scan_duration_seconds_bucket", StringComparison.Ordinal));
        Assert.Contains(expressions, e => e.Contains("fraccluster_rejections_total", StringComparison.Ordinal));
        Assert.Contains(expressions, e => e.Contains("kube_deployment_status_replicas_available", StringComparison.Ordinal));
        Assert.Contains(expressions, e => e.Contains("kube_pod_status_ready", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_alert_has_a_severity_a_summary_and_a_hold_time()
    {
        Assert.All(AlertRules(), r =>
        {
            Assert.Matches("^FracCluster[A-Za-z0-9]+$", r.Alert);
            Assert.Contains(r.Labels["severity"], new[] { "warning", "critical" });
            Assert.False(string.IsNullOrWhiteSpace(r.Annotations["summary"]));
            Assert.Matches("^[0-9]+[smh]$", r.For ?? string.Empty);
        });
    }

    internal static IEnumerable<AlertingRule> AlertRules() =>
        manifests.All<PrometheusRule>().SelectMany(r => r.Spec.Groups).SelectMany(g => g.Rules);

    [GeneratedRegex("fraccluster_[a-z0-9_]+")]
    private static partial Regex FracMetricName();
}
