using System.Net;
using FracCluster.Deploy.Tests.Contracts;

namespace FracCluster.Deploy.Tests.Compose;

public sealed class ComposeTests
{
    private const string AzuriteService = "azurite";
    private static readonly string composePath = Path.Combine(RepositoryLayout.DeployDirectory, "compose.yaml");
    private static readonly Lazy<ComposeFile> compose = new(() => ComposeFile.Load(composePath));

    private static ComposeFile Compose => compose.Value;

    private static IEnumerable<KeyValuePair<string, ComposeService>> Silos =>
        Compose.Services.Where(s => s.Key != AzuriteService).OrderBy(s => s.Key, StringComparer.Ordinal);

    [Fact]
    public void Defines_azurite_and_three_silos_of_the_silo_image()
    {
        Assert.Equal([AzuriteService, "silo1", "silo2", "silo3"], Compose.Services.Keys.Order(StringComparer.Ordinal));
        Assert.Matches(@"^mcr\.microsoft\.com/azure-storage/azurite:\d+\.\d+\.\d+$", Compose.Services[AzuriteService].Image);
        Assert.All(Silos, s =>
        {
            Assert.Equal("fraccluster/silo:dev", s.Value.Image);
            var build = Assert.IsType<ComposeBuild>(s.Value.Build);
            var context = Path.GetFullPath(Path.Combine(RepositoryLayout.DeployDirectory, build.Context));
            Assert.Equal(Path.GetFullPath(RepositoryLayout.Root).TrimEnd('/'), context.TrimEnd('/'));
            Assert.True(File.Exists(Path.Combine(context, build.Dockerfile)), $"{s.Key} builds from {build.Dockerfile}, which does not exist");
        });
    }

    [Fact]
    public void Silos_start_after_azurite_reports_healthy()
    {
        Assert.NotEmpty(Compose.Services[AzuriteService].Healthcheck?.Test ?? []);
        Assert.All(Silos, s => Assert.Equal("service_healthy", s.Value.DependsOn[AzuriteService].Condition));
    }

    [Fact]
    public void Every_contract_variable_is_set_on_every_silo()
    {
        Assert.All(Silos, s => Assert.All(SiloEnvironmentContract.Names, name =>
            Assert.False(string.IsNullOrWhiteSpace(s.Value.Environment.GetValueOrDefault(name)), $"{s.Key} does not set {name}")));
    }

    [Fact]
    public void Silos_run_the_azure_profile_against_azurite()
    {
        var azurite = string.Join(' ', Compose.Services[AzuriteService].Command);
        foreach (var host in new[] { "--blobHost 0.0.0.0", "--queueHost 0.0.0.0", "--tableHost 0.0.0.0" })
            Assert.Contains(host, azurite, StringComparison.Ordinal);

        Assert.All(Silos, s =>
        {
            var env = s.Value.Environment;
            Assert.Equal("AzureTable", env["Frac__Cluster__Provider"]);
            Assert.Equal("AzureBlob", env["Frac__Storage__Provider"]);
            Assert.Equal("AzureQueue", env["Frac__Streams__Provider"]);
            Assert.Contains("TableEndpoint=http://azurite:10002/", env["Frac__Cluster__ConnectionString"], StringComparison.Ordinal);
            Assert.Contains("BlobEndpoint=http://azurite:10000/", env["Frac__Storage__ConnectionString"], StringComparison.Ordinal);
            Assert.Contains("QueueEndpoint=http://azurite:10001/", env["Frac__Streams__ConnectionString"], StringComparison.Ordinal);
            Assert.Equal("cpu", env["Frac__Models__Devices__0"]);
        });
    }

    [Fact]
    public void Silos_share_cluster_settings_and_differ_only_in_identity()
    {
        string[] identity = ["Frac__Cluster__SiloName", "Frac__Cluster__AdvertisedIp"];
        var shared = Silos.Select(s => s.Value.Environment.Where(kv => !identity.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList()).ToList();
        Assert.All(shared, env => Assert.Equal(shared[0], env));
        Assert.Equal(3, Silos.Select(s => s.Value.Environment["Frac__Cluster__SiloName"]).Distinct().Count());
    }

    [Fact]
    public void Each_silo_advertises_its_own_address_on_the_compose_network()
    {
        var network = Assert.Single(Compose.Networks);
        var subnet = IPNetwork.Parse(Assert.Single(network.Value!.Ipam!.Config).Subnet);
        var addresses = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, service) in Compose.Services)
        {
            var address = service.Networks[network.Key]?.Ipv4Address;
            Assert.True(address is not null, $"{name} has no fixed address");
            Assert.True(subnet.Contains(IPAddress.Parse(address)), $"{name}'s {address} is outside {subnet}");
            Assert.True(addresses.Add(address), $"{address} is used twice");
            if (name != AzuriteService)
                Assert.Equal(address, service.Environment["Frac__Cluster__AdvertisedIp"]);
        }
    }

    [Fact]
    public void Silos_publish_their_http_api_on_distinct_host_ports_and_use_the_standard_orleans_ports()
    {
        var hostPorts = new List<int>();
        Assert.All(Silos, s =>
        {
            var mapping = Assert.Single(s.Value.Ports).Split(':');
            Assert.Equal("8080", mapping[^1]);
            hostPorts.Add(int.Parse(mapping[^2], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal("11111", s.Value.Environment["Frac__Cluster__SiloPort"]);
            Assert.Equal("30000", s.Value.Environment["Frac__Cluster__GatewayPort"]);
            Assert.Equal("http://+:8080", s.Value.Environment["ASPNETCORE_URLS"]);
        });
        Assert.Equal(hostPorts.Count, hostPorts.Distinct().Count());
    }

    [Fact]
    public void Api_key_comes_from_the_callers_environment_and_is_required()
    {
        // ${VAR:?message} makes compose refuse to start without it, so no key is ever committed or defaulted.
        Assert.All(Silos, s => Assert.StartsWith("${FRAC_API_KEY:?", s.Value.Environment["Frac__Api__ApiKey"], StringComparison.Ordinal));
    }

    [Fact]
    public void Only_known_compose_keys_are_used()
    {
        string[] topLevel = ["name", "services", "networks", "volumes"];
        Assert.All(Compose.TopLevelKeys, k => Assert.True(topLevel.Contains(k) || k.StartsWith("x-", StringComparison.Ordinal), $"unknown top-level key {k}"));
        string[] serviceKeys =
        [
            "image", "build", "command", "environment", "ports", "depends_on", "healthcheck", "networks", "volumes",
            "restart", "read_only", "tmpfs", "stop_grace_period",
        ];
        Assert.All(Compose.RawServiceKeys, s => Assert.All(s.Value, k => Assert.True(serviceKeys.Contains(k), $"{s.Key} has unknown key {k}")));
    }
}
