using k8s.Models;

namespace FracCluster.Deploy.Tests.Kubernetes;

public sealed class ServiceTests
{
    private static readonly ManifestSet manifests = ManifestSet.Repository;

    public static TheoryData<string> Services => [.. ManifestSet.Repository.All<V1Service>().Select(s => s.Metadata.Name)];

    [Theory, MemberData(nameof(Services))]
    public void Service_selects_silo_pods_of_both_pools(string name)
    {
        var service = manifests.Single<V1Service>(name);
        Assert.NotEmpty(service.Spec.Selector);
        Assert.All(manifests.All<V1Deployment>(), d => Assert.True(
            LabelSelectors.Matches(service.Spec.Selector, d.Spec.Template.Metadata.Labels),
            $"Service {name} does not select the pods of {d.Metadata.Name}"));
    }

    [Theory, MemberData(nameof(Services))]
    public void Service_ports_target_ports_every_selected_container_declares(string name)
    {
        var service = manifests.Single<V1Service>(name);
        var selected = manifests.All<V1Deployment>().Where(d => LabelSelectors.Matches(service.Spec.Selector, d.Spec.Template.Metadata.Labels));
        foreach (var deployment in selected)
        {
            var containerPorts = deployment.Spec.Template.Spec.Containers.SelectMany(c => c.Ports).ToList();
            foreach (var port in service.Spec.Ports)
            {
                var target = port.TargetPort?.Value ?? port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
                var declared = containerPorts.SingleOrDefault(p =>
                    p.Name == target || p.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture) == target);
                Assert.True(declared is not null, $"Service {name} port {port.Name} targets {target}, which {deployment.Metadata.Name} does not declare");
                Assert.Equal(declared.ContainerPort, port.Port); // same number outside and in: no remapping to remember
            }
        }
    }

    [Fact]
    public void Http_service_serves_the_api_port_and_gateway_service_the_orleans_ports()
    {
        var http = manifests.Single<V1Service>("fraccluster-http");
        Assert.Equal([8080], http.Spec.Ports.Select(p => p.Port));
        var gateway = manifests.Single<V1Service>("fraccluster-gateway");
        Assert.Equal("None", gateway.Spec.ClusterIP); // an Orleans client must reach a specific silo's gateway
        Assert.Equal([11111, 30000], gateway.Spec.Ports.Select(p => p.Port).Order());
    }

    [Fact]
    public void Disruption_budget_covers_every_silo_and_lets_one_go_at_a_time()
    {
        var pdb = Assert.Single(manifests.All<V1PodDisruptionBudget>());
        Assert.All(manifests.All<V1Deployment>(), d => Assert.True(
            LabelSelectors.Matches(pdb.Spec.Selector, d.Spec.Template.Metadata.Labels),
            $"The PodDisruptionBudget does not select the pods of {d.Metadata.Name}"));
        Assert.Equal("1", pdb.Spec.MaxUnavailable?.Value);
        Assert.Null(pdb.Spec.MinAvailable);
    }
}
