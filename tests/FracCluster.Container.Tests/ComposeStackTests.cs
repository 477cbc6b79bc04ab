using System.Diagnostics;
using FracCluster.Storage;

namespace FracCluster.Container.Tests;

/// <summary>
/// deploy/compose.yaml (Azurite + three silos on the Azure profile) under podman-compose with the locally built images;
/// `frac stream` through silo1 while silo2's container is killed with SIGKILL (`podman kill --signal KILL`), the two
/// survivors carry on, and the container is started again: every accepted scan completes exactly once.
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class ComposeStackTests(LocalImages images, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "compose-test-key-0123456789abcdef0";
    private const int Scans = 150;

    private readonly ScratchFolder _scratch = new();
    private readonly Podman _podman = images.Podman;
    private readonly SuiteReport _report = new(output, nameof(ComposeStackTests));
    private readonly List<SiloEndpoint> _silos = [];
    private readonly string _project = $"fractest{Random.Shared.Next(1000, 9999)}";
    private IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>();
    private string? _composeFile;
    private string? _network;
    private FracStream? _stream;

    public Task InitializeAsync() => Task.CompletedTask;

    private string Container(string service) => $"{_project}_{service}_1";

    [PodmanFact(needsCompose: true)]
    public async Task Compose_stack_serves_and_a_silo_container_killed_mid_stream_loses_no_scan()
    {
        var total = Stopwatch.StartNew();
        var block = Random.Shared.Next(16, 250);
        var rendering = ComposeRendering.Load(images.Options.SiloImage, images.Options.AzuriteImage, block, TestTuning.Settings);
        foreach (var change in rendering.Changes)
            _report.Line("rendered: " + change);
        _composeFile = Path.Combine(_scratch.Path, "compose.yaml");
        await File.WriteAllTextAsync(_composeFile, rendering.Yaml());

        // The network under the name podman-compose would give it, with the test's subnet (it uses an existing one).
        _network = $"{_project}_{rendering.NetworkName}";
        await _podman.RunAsync("network", "create", "--subnet", rendering.Subnet, _network);
        _environment = new Dictionary<string, string> { ["FRAC_API_KEY"] = ApiKey };
        var containers = new[] { ComposeRendering.AzuriteService }.Concat(rendering.Silos).Select(Container).ToArray();

        // Azurite first, and the checkpoint into it before the silos start (they load it at start).
        var up = await _podman.ComposeAsync(_environment, "-p", _project, "-f", _composeFile, "up", "-d", "--no-build", ComposeRendering.AzuriteService);
        up.EnsureSuccess();
        var azuriteAddress = await _podman.AddressAsync(Container(ComposeRendering.AzuriteService));
        await _podman.WithLogsAsync(() => AzuriteContainer.WaitListeningAsync(azuriteAddress), Container(ComposeRendering.AzuriteService));
        var blobs = BlobStoreFactory.Create(new BlobStoreOptions
        {
            Provider = BlobStoreProvider.AzureBlob,
            ConnectionString = AzuriteContainer.ConnectionString(azuriteAddress),
            ContainerName = "fraccluster",
        });
        // compose.yaml's default Frac__Models__Checkpoint (FRAC_MODEL_CHECKPOINT unset).
        await TinyCheckpoint.UploadAsync(blobs, _scratch.Path, "checkpoints/production/current", ["fractured", "not_fractured"], 32);

        var started = Stopwatch.StartNew();
        (await _podman.ComposeAsync(_environment, "-p", _project, "-f", _composeFile, "up", "-d", "--no-build")).EnsureSuccess();
        foreach (var service in rendering.Silos)
            _silos.Add(new SiloEndpoint(Container(service), await _podman.AddressAsync(Container(service)), ApiKey));
        foreach (var silo in _silos)
        {
            await _podman.WithLogsAsync(() => Poll.UntilAsync(() => silo.ProbeAsync("/readyz", TimeSpan.FromSeconds(5)),
                images.Options.ReadyTimeout, $"{silo.Container} to be ready", TimeSpan.FromSeconds(1)), silo.Container);
        }
        await _podman.WithLogsAsync(() => Poll.UntilAsync(async () => (await _silos[0].ClusterModelsAsync()).Count(m => m.Ready) == _silos.Count,
            TimeSpan.FromMinutes(3), "the three silos to form one cluster", TimeSpan.FromSeconds(1)), containers);
        _report.Line($"3 silo containers ready and in one cluster {started.Elapsed.TotalSeconds:F0} s after podman-compose up");

        var scans = TestImages.WriteFolder(Path.Combine(_scratch.Path, "images"), 24);
        var api = _silos[0];
        _stream = FracStream.Start(scans, api.BaseAddress, ApiKey, Scans, 6, 4, _scratch.Path);
        await _podman.WithLogsAsync(() => Poll.UntilAsync(async () => await api.MetricAsync("fraccluster_scans_accepted_total") >= Scans / 5,
            TimeSpan.FromMinutes(3), "a fifth of the scans to be accepted"), containers);
        var victim = _silos[1];
        var before = await victim.SiloAddressAsync();
        await _podman.RunAsync("kill", "--signal", "KILL", victim.Container);
        var killed = Stopwatch.StartNew();
        var acceptedAtKill = await api.MetricAsync("fraccluster_scans_accepted_total");
        _report.Line($"podman kill --signal KILL {victim.Container} (silo {before}) after {acceptedAtKill} scans accepted");

        // The two survivors carry the stream for a while. podman (unlike Docker) counts `podman kill` as a user stop, so
        // `restart: unless-stopped` does not bring the container back: start it as an operator would.
        await _podman.WithLogsAsync(() => Poll.UntilAsync(async () => await api.MetricAsync("fraccluster_scans_accepted_total") >= acceptedAtKill + 30,
            TimeSpan.FromMinutes(3), "30 more scans accepted by the two survivors"), containers);
        var state = await _podman.RunAsync("inspect", "--format", "{{.State.Status}}", victim.Container);
        if (state != "running")
            await _podman.RunAsync("start", victim.Container);
        _report.Line($"{victim.Container} was {state} {killed.Elapsed.TotalSeconds:F1} s after the kill{(state == "running" ? " (restarted by its policy)" : "; podman start")}");
        // A started container may get another address from podman's IPAM.
        var address = await _podman.AddressAsync(victim.Container);
        if (address != victim.Address)
        {
            _report.Line($"{victim.Container} came back at {address} (was {victim.Address})");
            var moved = new SiloEndpoint(victim.Container, address, ApiKey);
            _silos[1] = moved;
            victim.Dispose();
            victim = moved;
        }
        await _podman.WithLogsAsync(() => Poll.UntilAsync(async () =>
            await victim.ProbeAsync("/readyz", TimeSpan.FromSeconds(3)) && await victim.SiloAddressAsync() is { } now && now != before,
            images.Options.ReadyTimeout, $"{victim.Container} to come back ready as a new silo"), victim.Container);
        _report.Line($"{victim.Container} back and ready {killed.Elapsed.TotalSeconds:F1} s after the kill");

        var summary = await _stream.WaitAsync(TimeSpan.FromMinutes(8));
        _report.Line($"compose kill stream: {summary}");
        Assert.True(summary.Sent == Scans && summary.Results == Scans && summary.Completed == Scans && summary.Lost == 0 && summary.Duplicates == 0,
            $"compose kill stream: {summary}\n{summary.Text}\n{await _podman.LogTailsAsync(containers)}");
        _report.Line($"compose test: {total.Elapsed.TotalSeconds:F0} s");
    }

    public async Task DisposeAsync()
    {
        _stream?.Dispose();
        if (_composeFile is not null)
        {
            output.WriteLine(await _podman.LogTailsAsync(new[] { ComposeRendering.AzuriteService }.Concat(_silos.Select(s => s.Container)).Select(s => s.StartsWith(_project, StringComparison.Ordinal) ? s : Container(s))));
            // down -v: the containers and the azurite-data volume; -t 0: no grace period for a throw-away stack.
            await _podman.ComposeAsync(_environment, "-p", _project, "-f", _composeFile, "down", "-v", "-t", "0");
        }
        if (_network is not null)
            await _podman.TryAsync("network", "rm", "--force", _network);
        foreach (var silo in _silos)
            silo.Dispose();
        _scratch.Dispose();
    }
}
