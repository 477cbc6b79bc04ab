using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// deploy/compose.yaml made runnable by Debian 12's podman-compose 1.0.3 on this machine, each change listed in
/// <see cref="Changes"/>. Services, environment (the anchors are resolved as compose resolves them), read_only, tmpfs,
/// restart policy, depends_on, healthcheck, volumes and the network's name are kept.
/// </summary>
public sealed class ComposeRendering
{
    public const string AzuriteService = "azurite";

    private readonly Dictionary<object, object> _document;

    private ComposeRendering(Dictionary<object, object> document, IReadOnlyList<string> silos, IReadOnlyList<string> changes, string networkName, string subnet)
    {
        _document = document;
        Silos = silos;
        Changes = changes;
        NetworkName = networkName;
        Subnet = subnet;
    }

    public IReadOnlyList<string> Silos { get; }

    public IReadOnlyList<string> Changes { get; }

    /// <summary>The compose file's network (podman-compose names it {project}_{name}).</summary>
    public string NetworkName { get; }

    /// <summary>The subnet the test gives that network (the file's own is 172.30.10.0/24).</summary>
    public string Subnet { get; }

    public static ComposeRendering Load(string siloImage, string azuriteImage, int block, IReadOnlyDictionary<string, string> testTuning)
    {
        var path = Path.Combine(RepositoryPaths.Root, "deploy", "compose.yaml");
        var deserializer = new DeserializerBuilder().Build();
        using var reader = new StringReader(File.ReadAllText(path));
        var document = deserializer.Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
        var changes = new List<string>();
        var services = (Dictionary<object, object>)document["services"];
        var silos = services.Keys.Cast<string>().Where(s => s != AzuriteService).Order(StringComparer.Ordinal).ToList();

        // x- extension fields only carried the anchors, now resolved into the services.
        foreach (var key in document.Keys.Cast<string>().Where(k => k.StartsWith("x-", StringComparison.Ordinal)).ToList())
            document.Remove(key);

        var azurite = (Dictionary<object, object>)services[AzuriteService];
        changes.Add($"azurite image {azurite["image"]} -> {azuriteImage} (same command line; built on the Debian base, no registry here)");
        azurite["image"] = azuriteImage;
        azurite.Remove("ports");
        azurite.Remove("networks");
        azurite["networks"] = new List<object> { "fraccluster" };

        foreach (var name in silos)
        {
            var silo = (Dictionary<object, object>)services[name];
            silo["image"] = siloImage;
            silo.Remove("build");
            // No published host ports: the test reaches each container at its address on the compose network, and
            // fixed host ports (8080-8082, 10000-10002) may be taken on a shared machine.
            silo.Remove("ports");
            // podman-compose 1.0.3 ignores ipam and ipv4_address: the silos get dynamic addresses, so the fixed
            // AdvertisedIp would name an address the container does not have. Without it the silo advertises its own.
            silo.Remove("networks");
            silo["networks"] = new List<object> { "fraccluster" };
            var environment = (Dictionary<object, object>)silo["environment"];
            environment.Remove("Frac__Cluster__AdvertisedIp");
            environment["Frac__Models__Threads"] = "1";
            foreach (var (key, value) in testTuning)
                environment[key] = value;
        }
        changes.Add($"silo image fraccluster/silo:dev -> {siloImage}, build: dropped (built by deploy/build-local.sh)");
        changes.Add("host ports: dropped (the test reaches the containers at their addresses; fixed host ports may be taken)");
        changes.Add("ipv4_address and Frac__Cluster__AdvertisedIp: dropped (podman-compose 1.0.3 ignores ipam/ipv4_address; each silo advertises its own address)");
        changes.Add($"network subnet 172.30.10.0/24 -> 10.231.{block}.0/24, created by the test before `up` (podman-compose 1.0.3 ignores ipam)");
        changes.Add("Frac__Models__Threads 2 -> 1 (2-core machine); test tuning: " + string.Join(", ", testTuning.Select(kv => $"{kv.Key}={kv.Value}")));

        var networks = (Dictionary<object, object>)document["networks"];
        var networkName = (string)networks.Keys.Single();
        networks[networkName] = new Dictionary<object, object>();
        return new ComposeRendering(document, silos, changes, networkName, $"10.231.{block}.0/24");
    }

    public string Yaml() => new SerializerBuilder().Build().Serialize(_document);
}
