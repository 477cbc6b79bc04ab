using System.Diagnostics;
using FracCluster.Storage;
using FracCluster.TestSupport.Certificates;

namespace FracCluster.Container.Tests;

/// <summary>
/// The real k8s/ Deployment, ConfigMap and Secret (deployment-cpu.yaml, configmap.yaml, secret.template.yaml filled in)
/// played by `podman kube play` on the silo image, with Azurite in a container on the same network standing in for
/// Azure Storage. Three pods form one cluster through the Azure-table membership, pass the manifest's own probes, and
/// serve `frac stream`; one pod's silo is killed with SIGKILL mid-stream and comes back (restartPolicy Always); then a
/// fourth pod, made from the Deployment's template as a ReplicaSet would, joins while scans stream and serves a share.
/// Not played because podman has no such objects: the Services, the HPA, the PodDisruptionBudget, the ServiceAccount's
/// token policy and the monitoring CRDs (docs/deploy.md).
/// </summary>
[Collection(ContainerCollection.Name)]
public sealed class KubernetesPlayTests(LocalImages images, ITestOutputHelper output) : IAsyncLifetime
{
    private const string ApiKey = "kube-play-test-key-0123456789abcdef";
    private const int FirstStreamScans = 160;
    // Long enough that scans still stream for a while after the fourth pod is ready (about 15-20 s after kube play).
    // Orleans hands it some of the 8 stream queues once it is in the membership, and a batch prefers the model grain
    // beside the queue it came from; each scanner's scans go to one queue (hashed by scanner), so 16 scanners reach
    // nearly every queue where 4 could miss the fourth pod's.
    private const int SecondStreamScans = 480;
    private const int ScaleOutScanners = 16;
    private const double Rate = 6;
    private const double ScaleOutRate = 8;

    private readonly ScratchFolder _scratch = new();
    private readonly TestCertificateAuthority _clusterCa = new("FracCluster kube play test CA");
    private readonly Podman _podman = images.Podman;
    private readonly List<SiloEndpoint> _silos = [];
    private readonly List<string> _containers = [];
    private readonly List<string> _playedFiles = [];
    private readonly SuiteReport _report = new(output, nameof(KubernetesPlayTests));
    private ContainerNetwork? _network;
    private KubernetesRendering? _rendering;
    private FracStream? _stream;
    private string? _secret;

    public Task InitializeAsync() => Task.CompletedTask;

    [PodmanFact]
    public async Task Three_pods_of_the_manifests_join_one_cluster_lose_nothing_when_one_is_killed_and_a_fourth_pod_takes_a_share()
    {
        var total = Stopwatch.StartNew();
        _report.Line($"{images.WaitLog}; images built by deploy/build-local.sh in {images.BuildTime.TotalSeconds:F0} s");
        _network = await ContainerNetwork.CreateAsync(_podman, "fraccluster-kube");
        var azuriteName = $"{_network.Name}-azurite";
        _containers.Add(azuriteName);
        var azurite = await AzuriteContainer.StartAsync(_podman, _network, azuriteName, 200);

        var rendering = _rendering = KubernetesRendering.Load(images.Options.SiloImage, azurite.ConnectionString(), ApiKey,
            _clusterCa.IssueTlsFolder("fraccluster-silo"), TestTuning.Settings);
        foreach (var change in rendering.Changes)
            _report.Line("rendered: " + change);

        // The served checkpoint where the ConfigMap says the model grains find it: a blob key in the storage container.
        var blobs = BlobStoreFactory.Create(new BlobStoreOptions
        {
            Provider = BlobStoreProvider.AzureBlob,
            ConnectionString = azurite.ConnectionString(),
            ContainerName = rendering.Setting("Frac__Storage__ContainerName"),
        });
        await TinyCheckpoint.UploadAsync(blobs, _scratch.Path, rendering.Setting("Frac__Models__Checkpoint"), ["fractured", "not_fractured"], 32);

        _secret = rendering.Secret.Metadata.Name;
        await _podman.TryAsync("secret", "rm", _secret);
        var secretFile = Path.Combine(_scratch.Path, "secret.json");
        await File.WriteAllTextAsync(secretFile, rendering.SecretJson());
        await _podman.RunAsync("secret", "create", _secret, secretFile);

        var deploymentFile = Path.Combine(_scratch.Path, "deployment.yaml");
        await File.WriteAllTextAsync(deploymentFile, rendering.DeploymentYaml());
        _playedFiles.Add(deploymentFile);
        for (var i = 0; i < 3; i++)
            _containers.Add(rendering.ReplicaContainer(i));
        // Pods left by an interrupted earlier run would make `kube play` refuse the names.
        for (var i = 0; i < 4; i++)
            await _podman.TryAsync("pod", "rm", "--force", rendering.PodName(i));
        var played = Stopwatch.StartNew();
        await _podman.RunAsync("kube", "play", "--network", _network.Name, deploymentFile);

        for (var i = 0; i < 3; i++)
            _silos.Add(new SiloEndpoint(rendering.ReplicaContainer(i), await _podman.AddressAsync(rendering.ReplicaContainer(i)), ApiKey));
        await Task.WhenAll(_silos.Select(PassProbesAsync));
        _report.Line($"3 pods passed {string.Join(", ", rendering.Probes.Select(p => $"{p.Kind} {p.Path}:{p.Port}"))} {played.Elapsed.TotalSeconds:F0} s after kube play");
        await WaitClusterAsync(_silos, "the 3 pods to form one cluster");

        // --- A pod's silo killed with SIGKILL mid-stream --------------------------------------------------------------
        var scans = TestImages.WriteFolder(Path.Combine(_scratch.Path, "images"), 24);
        var api = _silos[0];
        _stream = FracStream.Start(scans, api.BaseAddress, ApiKey, FirstStreamScans, Rate, 4, _scratch.Path);
        await _podman.WithLogsAsync(() => Poll.UntilAsync(async () => await api.MetricAsync("fraccluster_scans_accepted_total") >= FirstStreamScans / 5,
            TimeSpan.FromMinutes(3), "a fifth of the first stream to be accepted"), [.. _containers]);
        var victim = _silos[2];
        var before = await victim.SiloAddressAsync();
        var servedBefore = await victim.MetricAsync("fraccluster_images_total");
        var pid = await _podman.MainPidAsync(victim.Container);
        await CommandRunner.RunAsync("kill", ["-KILL", pid.ToString(CultureInfo.InvariantCulture)], TimeSpan.FromSeconds(10)).ContinueWith(t => t.Result.EnsureSuccess());
        var killed = Stopwatch.StartNew();
        var acceptedAtKill = await api.MetricAsync("fraccluster_scans_accepted_total");
        _report.Line($"SIGKILL to {victim.Container} (pid {pid}, silo {before}, {servedBefore} images classified) after {acceptedAtKill} scans accepted");

        // restartPolicy Always: podman starts the container again in the same pod (same address, new Orleans generation).
        await _podman.WithLogsAsync(() => Poll.UntilAsync(async () =>
            await victim.ProbeAsync("/readyz", TimeSpan.FromSeconds(3)) && await victim.SiloAddressAsync() is { } now && now != before,
            images.Options.ReadyTimeout, $"{victim.Container} to come back ready as a new silo"), victim.Container);
        var ready = killed.Elapsed;
        await WaitClusterAsync(_silos, $"{victim.Container}'s new silo to rejoin the cluster");
        var rejoined = killed.Elapsed;
        var restarts = await _podman.RestartCountAsync(victim.Container);
        _report.Line($"{victim.Container} restarted by podman (restart count {restarts}) as {await victim.SiloAddressAsync()}: ready {ready.TotalSeconds:F1} s, in the cluster's /v1/models {rejoined.TotalSeconds:F1} s after the kill");

        var first = await _stream.WaitAsync(TimeSpan.FromMinutes(8));
        _stream.Dispose();
        _stream = null;
        _report.Line($"kill-a-pod stream: {first}");
        Assert.True(first.Sent == FirstStreamScans, $"accepted {first.Sent} of {FirstStreamScans}:\n{first.Text}\n{await _podman.LogTailsAsync(_containers)}");
        Assert.True(first.Completed == FirstStreamScans && first.Results == FirstStreamScans && first.Lost == 0 && first.Duplicates == 0,
            $"kill-a-pod stream: {first}\n{first.Text}\n{await _podman.LogTailsAsync(_containers)}");
        Assert.True(restarts >= 1, $"podman did not restart {victim.Container}");

        // --- Scale-out: a fourth replica while scans stream ------------------------------------------------------------
        var extraFile = Path.Combine(_scratch.Path, "replica-3.yaml");
        await File.WriteAllTextAsync(extraFile, rendering.ExtraReplicaYaml(3));
        _playedFiles.Add(extraFile);
        var fourthContainer = rendering.ReplicaContainer(3);
        _containers.Add(fourthContainer);
        _stream = FracStream.Start(scans, api.BaseAddress, ApiKey, SecondStreamScans, ScaleOutRate, ScaleOutScanners, _scratch.Path);
        var added = Stopwatch.StartNew();
        await _podman.RunAsync("kube", "play", "--network", _network.Name, extraFile);
        var fourth = new SiloEndpoint(fourthContainer, await _podman.AddressAsync(fourthContainer), ApiKey);
        _silos.Add(fourth);
        await PassProbesAsync(fourth);
        await WaitClusterAsync(_silos, "the fourth pod to join the cluster");
        _report.Line($"fourth pod {fourthContainer} ready and in the cluster {added.Elapsed.TotalSeconds:F1} s after kube play, while scans streamed");
        await _podman.WithLogsAsync(() => Poll.UntilAsync(async () => await fourth.MetricAsync("fraccluster_images_total") > 0,
            TimeSpan.FromMinutes(2), "the fourth pod's model grain to classify a batch", TimeSpan.FromSeconds(1)), [.. _containers]);
        var firstShare = added.Elapsed;
        var second = await _stream.WaitAsync(TimeSpan.FromMinutes(8));
        var share = await fourth.MetricAsync("fraccluster_images_total");
        _report.Line($"the fourth pod classified its first images {firstShare.TotalSeconds:F1} s after kube play");
        _report.Line($"scale-out stream: {second}; the fourth pod's model grain classified {share} images");
        Assert.True(second.Sent == SecondStreamScans && second.Completed == SecondStreamScans && second.Lost == 0 && second.Duplicates == 0,
            $"scale-out stream: {second}\n{second.Text}\n{await _podman.LogTailsAsync(_containers)}");
        Assert.True(share > 0, $"the fourth pod served no batch:\n{second.Text}\n{await _podman.LogTailAsync(fourthContainer)}");
        _report.Line($"kube play test: {total.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>The manifest's probes (startup and liveness on /healthz, readiness on /readyz, port by name) until all pass.</summary>
    private Task PassProbesAsync(SiloEndpoint silo) => _podman.WithLogsAsync(() => Poll.UntilAsync(async () =>
    {
        foreach (var probe in _rendering!.Probes)
        {
            if (probe.Port != silo.Port)
                throw new InvalidOperationException($"{probe.Kind} probes port {probe.Port}, but the silo serves HTTP on {silo.Port}.");
            if (!await silo.ProbeAsync(probe.Path, probe.Timeout + TimeSpan.FromSeconds(2)))
                return false;
        }
        return true;
    }, images.Options.ReadyTimeout, $"{silo.Container} to pass its probes", TimeSpan.FromSeconds(1)), silo.Container);

    /// <summary>Every silo's model grain, ready, in /v1/models of the first silo: one cluster, found through Azure table membership.</summary>
    private Task WaitClusterAsync(IReadOnlyList<SiloEndpoint> silos, string what) => _podman.WithLogsAsync(() => Poll.UntilAsync(async () =>
    {
        var models = await silos[0].ClusterModelsAsync();
        var readyAddresses = models.Where(m => m.Ready).Select(m => m.Silo.Split(':')[0]).ToHashSet(StringComparer.Ordinal);
        return silos.All(s => readyAddresses.Contains(s.Address)) && models.Count == silos.Count;
    }, TimeSpan.FromMinutes(3), what, TimeSpan.FromSeconds(1)), [.. silos.Select(s => s.Container)]);

    public async Task DisposeAsync()
    {
        _stream?.Dispose();
        output.WriteLine(await _podman.LogTailsAsync(_containers));
        foreach (var file in Enumerable.Reverse(_playedFiles))
            await _podman.TryAsync("kube", "down", file);
        for (var i = 0; i < 4 && _rendering is not null; i++)
            await _podman.TryAsync("pod", "rm", "--force", _rendering.PodName(i));
        if (_network is not null)
            await _podman.TryAsync("rm", "--force", "--time", "0", $"{_network.Name}-azurite");
        if (_secret is not null)
            await _podman.TryAsync("secret", "rm", _secret);
        if (_network is not null)
            await _network.DisposeAsync();
        foreach (var silo in _silos)
            silo.Dispose();
        _scratch.Dispose();
        _clusterCa.Dispose();
    }
}
