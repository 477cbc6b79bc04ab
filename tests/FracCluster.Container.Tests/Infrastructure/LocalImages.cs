using System.Diagnostics;

namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// Collection fixture: the silo and Azurite images, built once per test run by deploy/build-local.sh (the documented
/// path). The script caches the debootstrap base per machine (/var/cache/fraccluster, keyed by its recipe), so only the
/// first run on a new machine pays for debootstrap; the publish and the image layers are redone when the code changed.
/// </summary>
public sealed class LocalImages : IAsyncLifetime
{
    public ContainerSuiteOptions Options { get; } = ContainerSuiteOptions.FromEnvironment();

    public Podman Podman { get; }

    public TimeSpan BuildTime { get; private set; }

    public string BuildOutput { get; private set; } = string.Empty;

    /// <summary>How long the suite waited for the other test assemblies (<see cref="OtherTestHosts"/>).</summary>
    public string WaitLog { get; private set; } = string.Empty;

    public LocalImages() => Podman = new Podman(Options);

    public async Task InitializeAsync()
    {
        if (!Podman.IsInstalled || System.Environment.UserName != "root")
            return; // every test is skipped (PodmanFactAttribute)
        var (waited, stillRunning) = await OtherTestHosts.WaitUntilAloneAsync(Options.WaitForOtherTestsLimit);
        WaitLog = stillRunning.Count == 0
            ? $"waited {waited.TotalSeconds:F0} s for the other test assemblies to finish"
            : $"went ahead after {waited.TotalSeconds:F0} s with {string.Join(", ", stillRunning)} still running";
        var stopwatch = Stopwatch.StartNew();
        var script = Path.Combine(RepositoryPaths.Root, "deploy", "build-local.sh");
        var result = await CommandRunner.RunAsync("bash", [script, "--azurite", "--tag", Options.SiloImage], Options.BuildTimeout, Podman.Environment());
        BuildTime = stopwatch.Elapsed;
        BuildOutput = result.Output;
        result.EnsureSuccess();
    }

    public Task DisposeAsync() => Task.CompletedTask;
}

[CollectionDefinition(Name)]
public sealed class ContainerCollection : ICollectionFixture<LocalImages>
{
    public const string Name = "containers";
}
