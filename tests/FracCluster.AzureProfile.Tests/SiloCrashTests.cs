using System.Diagnostics;
using System.Text;
using FracCluster.AzureProfile.Tests.Infrastructure;
using FracCluster.Storage;
using FracCluster.TestSupport.Azurite;

namespace FracCluster.AzureProfile.Tests;

/// <summary>
/// Azurite + three silo processes (the built FracCluster.Silo, Azure profile, a real tiny checkpoint) + `frac stream`.
/// One silo is killed with SIGKILL while scans flow and started again later; every accepted scan must end with exactly
/// one result.
/// </summary>
public sealed class SiloCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Scans = 180;
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromMinutes(4);

    private readonly TempFolder _folder = new();
    private SiloProcessCluster? _cluster;
    private AzuriteFixture? _azurite;
    private FracStreamRun? _stream;

    public Task InitializeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_silo_killed_mid_stream_and_restarted_loses_no_scan_and_duplicates_no_result()
    {
        _azurite = await StartAzuriteAsync();
        var clusterId = $"crash-{Guid.NewGuid():N}"[..16];
        var blobs = BlobStoreFactory.Create(new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob, ConnectionString = _azurite.ConnectionString, ContainerName = clusterId });
        await TinyCheckpoint.UploadAsync(blobs, _folder.Path);
        var images = TestImages.WriteFolder(Path.Combine(_folder.Path, "images"), 24);

        _cluster = new SiloProcessCluster(_azurite.ConnectionString, clusterId, _folder.Path, 3);
        await _cluster.StartAsync(ReadyTimeout);
        var silos = _cluster.Silos;
        var api = silos[0];

        var stream = _stream = StartFracStream(api.Http.BaseAddress!, images);
        var streamExit = stream.Process.WaitForExitAsync();

        // Mid-stream: a fifth of the scans accepted. The victim is the busier of the two silos that do not serve the API:
        // besides its batches it holds a share of the result grains, stream queues and reminder ranges.
        await Poll.UntilAsync(async () => await api.MetricAsync("fraccluster_scans_accepted_total") >= Scans / 5, TimeSpan.FromMinutes(3), "the stream to get going");
        var served = new[] { await silos[1].MetricAsync("fraccluster_images_total"), await silos[2].MetricAsync("fraccluster_images_total") };
        var victim = served[1] > served[0] ? silos[2] : silos[1];
        await victim.KillAsync();
        var acceptedAtKill = await api.MetricAsync("fraccluster_scans_accepted_total");
        output.WriteLine($"killed {victim.Name} (it had classified {served.Max()} images) after {acceptedAtKill} scans were accepted by {api.Name}");

        // Later: start it again once more traffic has gone through the two survivors.
        await Poll.UntilAsync(async () => await api.MetricAsync("fraccluster_scans_accepted_total") >= acceptedAtKill + 40, TimeSpan.FromMinutes(3), "traffic after the kill");
        victim.Start();
        await victim.WaitReadyAsync(ReadyTimeout);
        output.WriteLine($"restarted {victim.Name}");

        await streamExit.WaitAsync(TimeSpan.FromMinutes(6));
        var summary = stream.Output;
        output.WriteLine(summary);
        var redriven = 0.0;
        foreach (var silo in silos.Where(s => s.IsRunning))
            redriven += await silo.MetricAsync("fraccluster_scans_redriven_total");
        output.WriteLine($"scans redriven by the recovery watchdog on live silos: {redriven}");

        var sent = Row(summary, "sent (accepted scans)");
        var results = Row(summary, "results");
        var completed = Row(summary, "completed");
        var lost = Row(summary, "lost");
        var duplicates = Row(summary, "duplicates");
        var redelivered = summary.Contains("same result delivered again", StringComparison.Ordinal) ? Row(summary, "same result delivered again (absorbed)") : 0;
        output.WriteLine($"counts: sent={sent} results={results} completed={completed} lost={lost} duplicates={duplicates} " +
            $"(same result delivered again and absorbed by scan id: {redelivered})");
        Assert.True(stream.Process.ExitCode == 0, $"frac stream exited {stream.Process.ExitCode}:\n{summary}");
        Assert.Equal(Scans, sent);
        Assert.Equal(Scans, results);
        Assert.Equal(Scans, completed);
        Assert.Equal(0, lost);
        Assert.Equal(0, duplicates);
        Assert.All(silos, s => Assert.True(s.JsonLogLines > 0, $"{s.Name} wrote no JSON log lines:\n{s.Output}"));
    }

    public async Task DisposeAsync()
    {
        _cluster?.WriteOutputTails(output);
        if (_stream?.Process is { HasExited: false } simulator)
            simulator.Kill(entireProcessTree: true);
        _stream?.Process.Dispose();
        if (_cluster is not null)
            await _cluster.DisposeAsync();
        if (_azurite is not null)
            await _azurite.DisposeAsync();
        _folder.Dispose();
    }

    private static async Task<AzuriteFixture> StartAzuriteAsync()
    {
        var fixture = new AzuriteFixture();
        await fixture.InitializeAsync();
        return fixture;
    }

    private FracStreamRun StartFracStream(Uri api, string images)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _folder.Path,
        };
        foreach (var arg in new[]
        {
            RepositoryPaths.FracDll, "stream", images,
            "--rate", "6", "--scanners", "4", "--count", Scans.ToString(CultureInfo.InvariantCulture),
            "--api", api.ToString().TrimEnd('/'), "--api-key", AzureProfileSettings.ApiKey, "--wait", "90",
        })
        {
            psi.ArgumentList.Add(arg);
        }
        psi.Environment["NO_COLOR"] = "1";
        var run = new FracStreamRun(new Process { StartInfo = psi });
        run.Process.OutputDataReceived += (_, e) => run.Append(e.Data);
        run.Process.ErrorDataReceived += (_, e) => run.Append(e.Data);
        run.Process.Start();
        run.Process.BeginOutputReadLine();
        run.Process.BeginErrorReadLine();
        return run;
    }

    /// <summary>A number from a row of the `frac stream` summary table.</summary>
    private static int Row(string summary, string name)
    {
        foreach (var line in summary.Split('\n'))
        {
            var cells = line.Split('│', '|').Select(c => c.Trim()).Where(c => c.Length > 0).ToList();
            if (cells.Count == 2 && cells[0] == name && int.TryParse(cells[1], CultureInfo.InvariantCulture, out var value))
                return value;
        }
        throw new InvalidOperationException($"No row '{name}' in the frac stream summary:\n{summary}");
    }

    /// <summary>A running `frac stream` and what it printed.</summary>
    private sealed class FracStreamRun(Process process)
    {
        private readonly StringBuilder _buffer = new();

        public Process Process { get; } = process;

        public string Output
        {
            get
            {
                lock (_buffer)
                    return _buffer.ToString();
            }
        }

        public void Append(string? line)
        {
            if (line is null)
                return;
            lock (_buffer)
                _buffer.AppendLine(line);
        }
    }
}
