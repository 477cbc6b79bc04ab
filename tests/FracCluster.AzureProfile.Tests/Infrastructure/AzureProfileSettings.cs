using FracCluster.Deploy.Tests.Contracts;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>
/// The Azure profile settings of one silo, under exactly the environment variable names of the deployment contract
/// (what Kubernetes and compose set), pointed at Azurite, plus test-only tuning (small queues, quick recovery).
/// </summary>
public sealed class AzureProfileSettings
{
    public const string ApiKey = "azure-profile-test-key-0123456789";

    public required string ConnectionString { get; init; }

    public required string ClusterId { get; init; }

    public required string SiloName { get; init; }

    public int SiloPort { get; init; } = FreePort.Next();

    public int GatewayPort { get; init; } = FreePort.Next();

    public int HttpPort { get; init; } = FreePort.Next();

    public Uri HttpAddress => new($"http://127.0.0.1:{HttpPort}");

    /// <summary>Test-specific settings (e.g. <c>Frac__Training__TickMilliseconds</c>), applied over the contract and tuning.</summary>
    public IReadOnlyDictionary<string, string> Overrides { get; init; } = new Dictionary<string, string>();

    /// <summary>Every contract variable with its value (the contract's names are the test: a missing one throws).</summary>
    public IReadOnlyDictionary<string, string> Environment()
    {
        var contract = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["Frac__Cluster__ClusterId"] = ClusterId,
            ["Frac__Cluster__ServiceId"] = ClusterId,
            ["Frac__Cluster__Provider"] = "AzureTable",
            ["Frac__Cluster__ConnectionString"] = ConnectionString,
            ["Frac__Cluster__SiloName"] = SiloName,
            ["Frac__Cluster__AdvertisedIp"] = "127.0.0.1",
            ["Frac__Cluster__SiloPort"] = SiloPort.ToString(CultureInfo.InvariantCulture),
            ["Frac__Cluster__GatewayPort"] = GatewayPort.ToString(CultureInfo.InvariantCulture),
            ["Frac__Storage__Provider"] = "AzureBlob",
            ["Frac__Storage__ConnectionString"] = ConnectionString,
            ["Frac__Storage__ContainerName"] = ClusterId,
            ["Frac__Streams__Provider"] = "AzureQueue",
            ["Frac__Streams__ConnectionString"] = ConnectionString,
            ["Frac__Models__Devices__0"] = "cpu",
            ["Frac__Models__Checkpoint"] = TinyCheckpoint.BlobKey,
            ["Frac__Models__Threads"] = "1",
            ["Frac__Api__ApiKey"] = ApiKey,
            ["Frac__Tls__Enabled"] = "true",
            ["Frac__Tls__CertificatePath"] = Path.Combine(ClusterTlsMaterial.Folder, "tls.crt"),
            ["Frac__Tls__KeyPath"] = Path.Combine(ClusterTlsMaterial.Folder, "tls.key"),
            ["Frac__Tls__CaCertificatePath"] = Path.Combine(ClusterTlsMaterial.Folder, "ca.crt"),
            ["ASPNETCORE_URLS"] = HttpAddress.ToString().TrimEnd('/'),
        };
        var missing = SiloEnvironmentContract.Names.Where(n => !contract.ContainsKey(n)).ToList();
        if (missing.Count > 0)
            throw new InvalidOperationException($"The test sets no value for contract variables: {string.Join(", ", missing)}");

        var tuning = new Dictionary<string, string>(contract, StringComparer.Ordinal)
        {
            ["Frac__Storage__GrainStateContainerName"] = ClusterId + "-state",
            ["Frac__Streams__QueueCount"] = "4",
            ["Frac__Streams__PollIntervalMs"] = "100",
            // Shared CI machines get CPU-starved: be patient before voting a slow but live silo dead. A killed silo
            // is still declared dead at once when it restarts on the same endpoint.
            ["Frac__Cluster__Membership__ProbeTimeout"] = "00:00:10",
            ["Frac__Cluster__Membership__NumMissedProbesLimit"] = "5",
            ["Frac__Streams__MessageVisibilityTimeoutSeconds"] = "10",
            ["Frac__Batching__PendingRedriveMs"] = "20000",
            ["Frac__Recovery__CheckPeriodSeconds"] = "10",
            ["Frac__Batching__MaxDelayMs"] = "20",
            ["Logging__Console__FormatterName"] = "json",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__FracCluster"] = "Information",
        };
        foreach (var (key, value) in Overrides)
            tuning[key] = value;
        return tuning;
    }

    /// <summary>The same settings as configuration keys (Frac:Cluster:ClusterId=…), for a silo host in this process.</summary>
    public string[] CommandLine() =>
        [.. Environment().Where(kv => kv.Key != "ASPNETCORE_URLS").Select(kv => $"--{kv.Key.Replace("__", ":", StringComparison.Ordinal)}={kv.Value}"), "--urls", HttpAddress.ToString().TrimEnd('/')];
}
