using k8s.Models;
using FracCluster.Deploy.Tests.Contracts;

namespace FracCluster.Deploy.Tests.Kubernetes;

public sealed class SiloDeploymentTests
{
    public const string CpuDeployment = "fraccluster-silo-cpu";
    public const string GpuDeployment = "fraccluster-silo-gpu";
    private const string GpuResource = "nvidia.com/gpu";
    private static readonly ManifestSet manifests = ManifestSet.Repository;

    public static TheoryData<string> Deployments => new() { CpuDeployment, GpuDeployment };

    [Fact]
    public void There_is_one_deployment_per_pool()
    {
        Assert.Equal([CpuDeployment, GpuDeployment], manifests.All<V1Deployment>().Select(d => d.Metadata.Name).Order(StringComparer.Ordinal));
    }

    [Theory, MemberData(nameof(Deployments))]
    public void Selector_matches_the_pod_template_labels(string name)
    {
        var deployment = manifests.Single<V1Deployment>(name);
        Assert.True(LabelSelectors.Matches(deployment.Spec.Selector, deployment.Spec.Template.Metadata.Labels));
    }

    [Fact]
    public void Pool_selectors_do_not_overlap()
    {
        // Overlapping Deployment selectors make controllers fight over pods, and the HPA would average the wrong pods.
        var cpu = manifests.Single<V1Deployment>(CpuDeployment);
        var gpu = manifests.Single<V1Deployment>(GpuDeployment);
        Assert.False(LabelSelectors.Matches(cpu.Spec.Selector, gpu.Spec.Template.Metadata.Labels));
        Assert.False(LabelSelectors.Matches(gpu.Spec.Selector, cpu.Spec.Template.Metadata.Labels));
    }

    [Theory, MemberData(nameof(Deployments))]
    public void Every_contract_variable_is_set_from_its_required_source(string name)
    {
        var deployment = manifests.Single<V1Deployment>(name);
        var env = ContainerEnvironment.Resolve(SiloContainer(deployment), deployment.Metadata.NamespaceProperty, manifests);
        var secret = Assert.Single(manifests.All<V1Secret>());
        var secretKeys = ContainerEnvironment.SecretKeys(secret).ToHashSet(StringComparer.Ordinal);

        foreach (var variable in SiloEnvironmentContract.Variables)
        {
            Assert.True(env.TryGetValue(variable.Name, out var resolved), $"{name} does not set {variable.Name}");
            switch (variable.Source)
            {
                case EnvironmentSource.Setting:
                    Assert.True(resolved.Kind is EnvironmentValueKind.Literal or EnvironmentValueKind.ConfigMapKey, $"{variable.Name} should be a plain setting, is {resolved.Kind}");
                    Assert.False(string.IsNullOrWhiteSpace(resolved.Value), $"{variable.Name} is empty in {name}");
                    break;
                case EnvironmentSource.Secret:
                    Assert.True(resolved.Kind == EnvironmentValueKind.SecretKey, $"{variable.Name} must come from a Secret, is {resolved.Kind}");
                    Assert.Equal(secret.Metadata.Name, resolved.SourceName);
                    Assert.Contains(resolved.SourceKey!, secretKeys);
                    break;
                case EnvironmentSource.PodField:
                    Assert.Equal(EnvironmentValueKind.FieldRef, resolved.Kind);
                    Assert.Equal(variable.FieldPath, resolved.Value);
                    break;
            }
        }
    }

    [Theory, MemberData(nameof(Deployments))]
    public void Configured_ports_match_the_declared_container_ports(string name)
    {
        var deployment = manifests.Single<V1Deployment>(name);
        var container = SiloContainer(deployment);
        var env = ContainerEnvironment.Resolve(container, deployment.Metadata.NamespaceProperty, manifests);
        var ports = container.Ports.ToDictionary(p => p.Name, p => p.ContainerPort);

        Assert.Equal(ports["silo"].ToString(System.Globalization.CultureInfo.InvariantCulture), env["Frac__Cluster__SiloPort"].Value);
        Assert.Equal(ports["gateway"].ToString(System.Globalization.CultureInfo.InvariantCulture), env["Frac__Cluster__GatewayPort"].Value);
        Assert.Equal(ports["http"], new Uri(env["ASPNETCORE_URLS"].Value!.Replace("+", "localhost", StringComparison.Ordinal)).Port);
        Assert.Equal([8080, 11111, 30000], ports.Values.Order());
    }

    [Theory, MemberData(nameof(Deployments))]
    public void Probes_hit_healthz_and_readyz_on_the_http_port(string name)
    {
        var container = SiloContainer(manifests.Single<V1Deployment>(name));
        AssertHttpProbe(container.LivenessProbe, "/healthz");
        AssertHttpProbe(container.StartupProbe, "/healthz");
        AssertHttpProbe(container.ReadinessProbe, "/readyz");
    }

    [Theory, MemberData(nameof(Deployments))]
    public void Container_has_cpu_and_memory_requests_and_limits(string name)
    {
        var resources = SiloContainer(manifests.Single<V1Deployment>(name)).Resources;
        foreach (var resource in new[] { "cpu", "memory" })
        {
            Assert.True(resources.Requests.ContainsKey(resource), $"{name} requests no {resource}");
            Assert.True(resources.Limits.ContainsKey(resource), $"{name} limits no {resource}");
            Assert.True(resources.Requests[resource].ToDecimal() <= resources.Limits[resource].ToDecimal());
        }
    }

    [Theory, MemberData(nameof(Deployments))]
    public void Model_threads_do_not_exceed_the_cpu_limit(string name)
    {
        var deployment = manifests.Single<V1Deployment>(name);
        var container = SiloContainer(deployment);
        var env = ContainerEnvironment.Resolve(container, deployment.Metadata.NamespaceProperty, manifests);
        var threads = int.Parse(env["Frac__Models__Threads"].Value!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(threads, 1, (int)container.Resources.Limits["cpu"].ToDecimal());
    }

    [Theory, MemberData(nameof(Deployments))]
    public void Pods_run_as_the_image_non_root_user_with_a_read_only_root(string name)
    {
        var pod = manifests.Single<V1Deployment>(name).Spec.Template.Spec;
        Assert.True(pod.SecurityContext.RunAsNonRoot);
        Assert.Equal(1654, pod.SecurityContext.RunAsUser); // the "app" user of the .NET images and of Dockerfile.cuda
        var container = SiloContainer(manifests.Single<V1Deployment>(name));
        Assert.False(container.SecurityContext.AllowPrivilegeEscalation);
        Assert.True(container.SecurityContext.ReadOnlyRootFilesystem);
        Assert.Contains(container.VolumeMounts, m => m.MountPath == "/tmp");
    }

    [Theory, MemberData(nameof(Deployments))]
    public void Pods_carry_scrape_annotations_for_metrics_on_the_http_port(string name)
    {
        var deployment = manifests.Single<V1Deployment>(name);
        var annotations = deployment.Spec.Template.Metadata.Annotations;
        Assert.Equal("true", annotations["prometheus.io/scrape"]);
        Assert.Equal("/metrics", annotations["prometheus.io/path"]);
        var http = SiloContainer(deployment).Ports.Single(p => p.Name == "http");
        Assert.Equal(http.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture), annotations["prometheus.io/port"]);
    }

    [Fact]
    public void Gpu_pool_requests_a_gpu_runs_on_gpu_nodes_and_uses_the_cuda_image()
    {
        var deployment = manifests.Single<V1Deployment>(GpuDeployment);
        var pod = deployment.Spec.Template.Spec;
        var container = SiloContainer(deployment);
        var gpus = container.Resources.Limits[GpuResource].ToDecimal();
        Assert.True(gpus >= 1);
        Assert.Equal(gpus, container.Resources.Requests[GpuResource].ToDecimal()); // extended resources: request == limit
        Assert.NotEmpty(pod.NodeSelector);
        Assert.Contains(pod.Tolerations, t => t.Key == GpuResource && t.Effect == "NoSchedule" && t.OperatorProperty is "Exists" or "Equal");
        Assert.Contains("cuda", container.Image, StringComparison.Ordinal);

        var env = ContainerEnvironment.Resolve(container, deployment.Metadata.NamespaceProperty, manifests);
        var devices = env.Keys.Where(k => k.StartsWith("Frac__Models__Devices__", StringComparison.Ordinal)).Select(k => env[k].Value).ToList();
        Assert.Equal((int)gpus, devices.Count); // one model grain per GPU the pod is given
        Assert.All(devices, d => Assert.Matches("^cuda:[0-9]+$", d!));
    }

    [Fact]
    public void Cpu_pool_asks_for_no_gpu_and_runs_the_cpu_model()
    {
        var deployment = manifests.Single<V1Deployment>(CpuDeployment);
        var container = SiloContainer(deployment);
        Assert.False(container.Resources.Limits.ContainsKey(GpuResource));
        Assert.Null(deployment.Spec.Template.Spec.Tolerations);
        Assert.DoesNotContain("cuda", container.Image, StringComparison.Ordinal);
        var env = ContainerEnvironment.Resolve(container, deployment.Metadata.NamespaceProperty, manifests);
        Assert.Equal("cpu", env["Frac__Models__Devices__0"].Value);
    }

    [Fact]
    public void Cpu_pool_leaves_the_replica_count_to_its_autoscaler()
    {
        // A replicas value would reset the HPA's choice on every kubectl apply.
        Assert.Null(manifests.Single<V1Deployment>(CpuDeployment).Spec.Replicas);
        Assert.True(manifests.Single<V1Deployment>(GpuDeployment).Spec.Replicas >= 1);
    }

    [Theory, MemberData(nameof(Deployments))]
    public void Silos_get_time_for_a_graceful_orleans_shutdown(string name)
    {
        Assert.True(manifests.Single<V1Deployment>(name).Spec.Template.Spec.TerminationGracePeriodSeconds >= 60);
    }

    internal static V1Container SiloContainer(V1Deployment deployment) =>
        Assert.Single(deployment.Spec.Template.Spec.Containers, c => c.Name == "silo");

    private static void AssertHttpProbe(V1Probe? probe, string path)
    {
        Assert.NotNull(probe);
        Assert.NotNull(probe.HttpGet);
        Assert.Equal(path, probe.HttpGet.Path);
        Assert.Equal("http", probe.HttpGet.Port.Value);
    }
}
