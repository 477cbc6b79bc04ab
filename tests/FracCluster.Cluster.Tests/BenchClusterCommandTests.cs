using System.Diagnostics;
using System.Globalization;
using FracCluster.Cli;
using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Grains.Inference;
using FracCluster.Silo.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace FracCluster.Cluster.Tests;

/// <summary>
/// `frac bench cluster` at toy size: raw engine and embedded silo side by side, one round, then the three open-loop
/// load levels. Speed is not asserted (benchmarks print tables, tests do not time); the exit code is 0 only when every
/// run ended with no scan lost or duplicated.
/// </summary>
public sealed class BenchClusterCommandTests
{
    [Fact]
    public async Task The_cluster_benchmark_runs_every_load_level_without_losing_a_scan()
    {
        using var data = new TempFolder();

        var exit = await FracApp.RunAsync(["bench", "cluster", "--variant", "b0", "--width", "0.25", "--depth", "0.3", "--size", "32",
            "--images", "32", "--rounds", "1", "--warmup-seconds", "0", "--seconds", "1", "--data-dir", data.Path]);

        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task The_heatmap_benchmark_streams_with_heatmaps_off_and_on_and_stores_one_per_scan_when_on()
    {
        using var data = new TempFolder();

        var exit = await FracApp.RunAsync(["bench", "heatmap", "--variant", "b0", "--width", "0.25", "--depth", "0.3", "--size", "32",
            "--batch", "2", "--iterations", "1", "--stream", "8", "--rate", "20", "--data-dir", data.Path]);

        Assert.Equal(0, exit);
        var run = Assert.Single(Directory.GetDirectories(data.Path));
        Assert.Empty(Directory.GetFiles(Path.Combine(run, "off"), "*.heatmap.png", SearchOption.AllDirectories));
        // Warm-up (16), burst and paced stream (8 each): every completed scan explained.
        Assert.Equal(32, Directory.GetFiles(Path.Combine(run, "on"), "*.heatmap.png", SearchOption.AllDirectories).Length);
    }

    /// <remarks>
    /// A run stopped part-way (Ctrl-C or SIGTERM cancel the same token) must end promptly and unsubscribe its results
    /// readers while its silo still runs: the pub-sub store outlives the process, and a subscription left there makes the
    /// next silo's first delivery on that stream fail with ClientNotAvailableException (one logged error per leftover,
    /// the 28 stack traces a bench run printed after an interrupted one). The next silo here is a probe over the same
    /// data folder that sends a scan on every results stream the bench used and watches its own log.
    /// </remarks>
    [Fact]
    public async Task A_bench_run_stopped_part_way_ends_promptly_and_leaves_no_subscription_behind()
    {
        using var data = new TempFolder();
        using var stop = new CancellationTokenSource();
        var run = FracApp.RunAsync(["bench", "cluster", "--variant", "b0", "--width", "0.25", "--depth", "0.3", "--size", "32",
            "--images", "32", "--rounds", "1", "--warmup-seconds", "0", "--seconds", "60", "--data-dir", data.Path], stop.Token);
        // Stop it in the middle of an open-loop run, with its results readers subscribed.
        await Poll.UntilAsync(() => Task.FromResult(run.IsCompleted || ResultStreams(data.Path).Any(s => s.Contains("load25", StringComparison.Ordinal))), TimeSpan.FromMinutes(3), "the 25 % load run");
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.False(run.IsCompleted, "the benchmark ended before it could be stopped");
        var stopping = Stopwatch.StartNew();
        await stop.CancelAsync();
        var exit = await run.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(130, exit);
        Assert.True(stopping.Elapsed < TimeSpan.FromSeconds(45), $"stopping took {stopping.Elapsed.TotalSeconds:0} s");

        var scanners = ResultStreams(data.Path).ToList();
        Assert.NotEmpty(scanners);
        var logs = new CapturingLoggerProvider(LogLevel.Warning);
        var app = FracSiloApp.Build(
        [
            "--urls", "http://127.0.0.1:0",
            $"--Frac:Storage:Root={data.Path}",
            $"--Frac:Cluster:SiloPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Frac:Cluster:GatewayPort={FreePort.Next().ToString(CultureInfo.InvariantCulture)}",
            "--Frac:Api:ApiKey=probe-api-key-0123456789abcdef",
        ], b =>
        {
            b.Services.AddSingleton<IBatchClassifierFactory>(new FakeClassifierFactory(new ClassifierProbe()));
            b.Logging.AddProvider(logs);
        });
        await app.StartAsync();
        try
        {
            var client = app.Services.GetRequiredService<IClusterClient>();
            await Poll.UntilAsync(async () => (await client.GetGrain<ISiloControlGrain>(app.Services.GetRequiredService<Orleans.Runtime.ILocalSiloDetails>().SiloAddress.ToParsableString()).GetModelsAsync()).All(m => m.Ready), TimeSpan.FromSeconds(60), "the probe silo's model");
            await using var driver = new ScanDriver(client);
            var sent = await Task.WhenAll(scanners.Select((scanner, i) => driver.SubmitAsync(scanner, TestImages.Png((byte)i))));
            await driver.WaitAllAsync(sent, TimeSpan.FromSeconds(60));
            // Deliveries happen after the result is stored; give the stream agents a moment to try every consumer.
            await Task.Delay(TimeSpan.FromSeconds(3));
        }
        finally
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
        var stale = logs.Entries.Where(e => e.ToString().Contains("ClientNotAvailable", StringComparison.Ordinal) || e.ToString().Contains("No activation for client", StringComparison.Ordinal)).ToList();
        Assert.True(stale.Count == 0, $"{stale.Count} deliveries to readers that were gone:\n{string.Join("\n", stale.Take(5))}");
    }

    /// <summary>Scanner ids whose results streams have a pub-sub record in the data folder (file blob grain storage).</summary>
    private static IEnumerable<string> ResultStreams(string dataDir)
    {
        var root = Path.Combine(dataDir, "grains", "PubSubStore");
        if (!Directory.Exists(root))
            return [];
        const string prefix = "frac%2Fresults%2F";
        return Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(Path.GetFileName)
            .Where(n => n!.StartsWith(prefix, StringComparison.Ordinal))
            .Select(n => Uri.UnescapeDataString(n![prefix.Length..]))
            .Distinct()
            .ToList();
    }

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--warmup-seconds", "-1")]
    public async Task Bad_benchmark_settings_are_refused(string option, string value)
    {
        Assert.Equal(2, await FracApp.RunAsync(["bench", "cluster", option, value]));
    }
}
