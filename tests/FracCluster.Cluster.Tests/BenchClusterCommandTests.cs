using FracCluster.Cli;
using FracCluster.Cluster.Tests.Infrastructure;

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

    [Theory]
    [InlineData("--rounds", "0")]
    [InlineData("--warmup-seconds", "-1")]
    public async Task Bad_benchmark_settings_are_refused(string option, string value)
    {
        Assert.Equal(2, await FracApp.RunAsync(["bench", "cluster", option, value]));
    }
}
