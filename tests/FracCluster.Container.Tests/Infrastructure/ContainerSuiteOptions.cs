namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// Settings of the container suite, from the environment (FRACCLUSTER_CONTAINER_*), with the defaults CI uses. The images
/// are the ones deploy/build-local.sh builds; the timeouts bound every wait so that no test can hang CI.
/// </summary>
public sealed class ContainerSuiteOptions
{
    public string SiloImage { get; init; } = "localhost/fraccluster/silo:local";

    public string AzuriteImage { get; init; } = "localhost/fraccluster/azurite:local";

    /// <summary>podman settings of the project (runc, no default ulimits): this machine kind needs both.</summary>
    public string ContainersConf { get; init; } = Path.Combine(RepositoryPaths.Root, "deploy", "podman", "containers.conf");

    /// <summary>The debootstrap base (first run on a machine), the self-contained publish and the two image builds.</summary>
    public TimeSpan BuildTimeout { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>A silo container from start to /readyz 200 (model loaded and warmed up), on a busy 2-core machine.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>The longest the suite waits for the solution's other test assemblies before it starts anyway.</summary>
    public TimeSpan WaitForOtherTestsLimit { get; init; } = TimeSpan.FromMinutes(25);

    /// <summary>One podman command (run, kill, network create, kube play).</summary>
    public TimeSpan CommandTimeout { get; init; } = TimeSpan.FromMinutes(3);

    /// <summary>How many of each container's last log lines a failure message shows.</summary>
    public int LogLines { get; init; } = 40;

    public static ContainerSuiteOptions FromEnvironment()
    {
        var defaults = new ContainerSuiteOptions();
        return new ContainerSuiteOptions
        {
            SiloImage = Environment.GetEnvironmentVariable("FRACCLUSTER_CONTAINER_SILO_IMAGE") ?? defaults.SiloImage,
            AzuriteImage = Environment.GetEnvironmentVariable("FRACCLUSTER_CONTAINER_AZURITE_IMAGE") ?? defaults.AzuriteImage,
            ContainersConf = Environment.GetEnvironmentVariable("CONTAINERS_CONF") ?? defaults.ContainersConf,
            ReadyTimeout = Minutes("FRACCLUSTER_CONTAINER_READY_MINUTES") ?? defaults.ReadyTimeout,
            BuildTimeout = Minutes("FRACCLUSTER_CONTAINER_BUILD_MINUTES") ?? defaults.BuildTimeout,
        };
    }

    private static TimeSpan? Minutes(string variable) =>
        double.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out var minutes) && minutes > 0
            ? TimeSpan.FromMinutes(minutes)
            : null;
}
