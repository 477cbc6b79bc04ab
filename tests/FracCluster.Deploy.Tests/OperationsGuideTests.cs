using FracCluster.Deploy.Tests.Contracts;
using FracCluster.Deploy.Tests.Kubernetes;

namespace FracCluster.Deploy.Tests;

/// <summary>The operations guide must describe what the manifests actually contain, so it cannot drift silently.</summary>
public sealed class OperationsGuideTests
{
    private static readonly Lazy<string> guide = new(() => File.ReadAllText(RepositoryLayout.OperationsGuide));

    [Fact]
    public void Guide_documents_every_exported_metric()
    {
        Assert.All(SiloMetricsContract.Metrics, m =>
        {
            Assert.Contains($"`{m.PrometheusName}`", guide.Value, StringComparison.Ordinal);
            Assert.Contains($"`{m.OpenTelemetryName}`", guide.Value, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Guide_documents_every_alert()
    {
        Assert.All(MonitoringTests.AlertRules(), r => Assert.Contains($"`{r.Alert}`", guide.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Guide_documents_every_environment_variable()
    {
        Assert.All(SiloEnvironmentContract.Names, n => Assert.Contains($"`{n}`", guide.Value, StringComparison.Ordinal));
    }

    [Fact]
    public void Guide_gives_the_build_switch_the_apply_commands_and_what_was_not_run()
    {
        Assert.Contains("-p:TorchBackend=cuda", guide.Value, StringComparison.Ordinal);
        Assert.Contains("kubectl apply -k k8s", guide.Value, StringComparison.Ordinal);
        Assert.Contains("docker compose -f deploy/compose.yaml up", guide.Value, StringComparison.Ordinal);
        Assert.Contains("## What was run here, and what was not", guide.Value, StringComparison.Ordinal);
    }

    [Fact]
    public void Guide_states_the_autoscaling_target_the_manifest_uses()
    {
        var hpa = Assert.Single(ManifestSet.Repository.All<k8s.Models.V2HorizontalPodAutoscaler>());
        var target = Assert.Single(hpa.Spec.Metrics, m => m.Type == "Pods").Pods.Target.AverageValue.ToDecimal();
        Assert.Contains($"target average **{target}**", guide.Value, StringComparison.Ordinal);
        Assert.Contains($"{hpa.Spec.MinReplicas} to {hpa.Spec.MaxReplicas} silos", guide.Value, StringComparison.Ordinal);
    }
}
