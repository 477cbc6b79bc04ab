using FracCluster.Cli;
using FracCluster.Cli.Benchmarks;

namespace FracCluster.Ml.Tests.Cli;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Memory_benchmark_on_a_tiny_model_finds_no_leak()
    {
        var exitCode = await FracApp.Build().RunAsync(
            ["bench", "memory", "--variant", "b0", "--width", "0.25", "--depth", "0.3", "--size", "64", "--images", "40", "--batch", "8", "--every", "2", "--image-size", "48"]);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Model_benchmark_runs_a_small_configuration()
    {
        var exitCode = await FracApp.Build().RunAsync(["bench", "model", "--variant", "b0", "--batch", "1", "--size", "32", "--warmup", "0", "--iterations", "1"]);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Model_benchmark_refuses_an_unknown_variant()
    {
        var exitCode = await FracApp.RunAsync(["bench", "model", "--variant", "b9"]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task Missing_python_is_explained_instead_of_failing()
    {
        var (result, problem) = await PyTorchForwardBenchmark.RunAsync("/nonexistent/python3", "bench/pytorch_bench.py", "b0", 1, 32, 1, 0, 1, CancellationToken.None);

        Assert.Null(result);
        Assert.Contains("/nonexistent/python3 not found", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_pytorch_script_ships_beside_the_cli() =>
        Assert.NotNull(PyTorchForwardBenchmark.FindScript());
}
