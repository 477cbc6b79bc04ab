namespace FracCluster.Deploy.Tests.Contracts;

/// <summary>
/// The environment contract between the silo and its deployments: every variable the silo reads in the production
/// (Azure) profile. The Kubernetes Deployments and the compose silos must set each of them; the silo's options
/// classes must bind each configuration key (to be asserted against src/FracCluster.Silo).
/// </summary>
public static class SiloEnvironmentContract
{
    public static IReadOnlyList<SiloEnvironmentVariable> Variables { get; } =
    [
        new("Frac__Cluster__ClusterId", EnvironmentSource.Setting),
        new("Frac__Cluster__ServiceId", EnvironmentSource.Setting),
        new("Frac__Cluster__Provider", EnvironmentSource.Setting),
        new("Frac__Cluster__ConnectionString", EnvironmentSource.Secret),
        new("Frac__Cluster__SiloName", EnvironmentSource.PodField, "metadata.name"),
        new("Frac__Cluster__AdvertisedIp", EnvironmentSource.PodField, "status.podIP"),
        new("Frac__Cluster__SiloPort", EnvironmentSource.Setting),
        new("Frac__Cluster__GatewayPort", EnvironmentSource.Setting),
        new("Frac__Storage__Provider", EnvironmentSource.Setting),
        new("Frac__Storage__ConnectionString", EnvironmentSource.Secret),
        new("Frac__Storage__ContainerName", EnvironmentSource.Setting),
        new("Frac__Streams__Provider", EnvironmentSource.Setting),
        new("Frac__Streams__ConnectionString", EnvironmentSource.Secret),
        new("Frac__Models__Devices__0", EnvironmentSource.Setting),
        new("Frac__Models__Checkpoint", EnvironmentSource.Setting),
        new("Frac__Models__Threads", EnvironmentSource.Setting),
        new("Frac__Api__ApiKey", EnvironmentSource.Secret),
        new("Frac__Tls__Enabled", EnvironmentSource.Setting),
        new("Frac__Tls__CertificatePath", EnvironmentSource.Setting),
        new("Frac__Tls__KeyPath", EnvironmentSource.Setting),
        new("Frac__Tls__CaCertificatePath", EnvironmentSource.Setting),
        new("ASPNETCORE_URLS", EnvironmentSource.Setting),
    ];

    public static IReadOnlyList<string> Names { get; } = [.. Variables.Select(v => v.Name)];

    public static SiloEnvironmentVariable Get(string name) =>
        Variables.SingleOrDefault(v => v.Name == name)
        ?? throw new KeyNotFoundException($"{name} is not in the silo environment contract.");
}
