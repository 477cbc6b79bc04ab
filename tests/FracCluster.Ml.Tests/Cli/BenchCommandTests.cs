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
    public async Task Model_benchmark_times_each_serving_rewrite_at_several_batch_sizes()
    {
        var exitCode = await FracApp.Build().RunAsync(["bench", "model", "--variant", "b0", "--batch", "2,1", "--size", "32", "--warmup", "0", "--iterations", "1", "--steps"]);

        Assert.Equal(0, exitCode);
    }

    [Fact]
    public async Task Heatmap_benchmark_times_forward_grad_cam_and_overlay_on_a_tiny_model()
    {
        var exitCode = await FracApp.Build().RunAsync(
            ["bench", "heatmap", "--variant", "b0", "--width", "0.25", "--depth", "0.3", "--size", "64", "--batch", "2,1", "--iterations", "1", "--stream", "0"]);

        Assert.Equal(0, exitCode);
    }

    [Theory]
    [InlineData("--method", "saliency")]
    [InlineData("--batch", "0")]
    [InlineData("--rate", "0")]
    public async Task Heatmap_benchmark_refuses_bad_settings(string option, string value)
    {
        var exitCode = await FracApp.RunAsync(["bench", "heatmap", option, value]);

        Assert.Equal(2, exitCode);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("16,")]
    [InlineData("16;1")]
    [InlineData("2000")]
    public async Task Model_benchmark_refuses_a_bad_batch_list(string batch)
    {
        var exitCode = await FracApp.RunAsync(["bench", "model", "--variant", "b0", "--batch", batch]);

        Assert.Equal(2, exitCode);
    }

    [Fact]
    public async Task Model_benchmark_refuses_a_missing_onnx_model()
    {
        var exitCode = await FracApp.RunAsync(["bench", "model", "--variant", "b0", "--compare-onnxruntime", "/nonexistent/model.onnx"]);

        Assert.Equal(2, exitCode);
    }

    [PyTorchFact]
    public async Task Model_benchmark_runs_torchvisions_export_in_onnx_runtime_beside_torchsharp()
    {
        using var dir = new TempDirectory();
        var onnx = dir.File("b0.onnx");
        var script = Path.Combine(AppContext.BaseDirectory, "bench", "export_onnx.py");
        var (exported, error) = SystemPython.Run(PyTorchFactAttribute.Python, [script, "--variant", "b0", "--size", "32", "--output", onnx], TimeSpan.FromMinutes(5));
        Assert.True(exported == 0, error);

        var exitCode = await FracApp.Build().RunAsync(
            ["bench", "model", "--variant", "b0", "--batch", "2,1", "--size", "32", "--warmup", "0", "--iterations", "1", "--compare-onnxruntime", onnx]);

        Assert.Equal(0, exitCode);
        // The export's fixed 32 px cannot take 48 px images: said up front, not as an error deep in ONNX Runtime.
        var mismatch = Assert.Throws<InvalidOperationException>(() => new OnnxRuntimeForwardRunner(onnx, BenchmarkInput.Create(1, 48), threads: 1));
        Assert.Contains("[1, 3, 48, 48]", mismatch.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_runtime_runner_names_the_export_script_when_the_model_is_missing()
    {
        using var dir = new TempDirectory();
        var missing = dir.File("absent.onnx");

        var error = Assert.Throws<FileNotFoundException>(() => new OnnxRuntimeForwardRunner(missing, BenchmarkInput.Create(1, 48), threads: 1));

        Assert.Contains("export_onnx.py", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Benchmark_input_is_the_same_for_the_same_seed()
    {
        var first = BenchmarkInput.Create(2, 8, seed: 3);
        var second = BenchmarkInput.Create(2, 8, seed: 3);

        Assert.Equal([2L, 3, 8, 8], first.Shape);
        Assert.Equal(2 * 3 * 8 * 8, first.Values.Length);
        Assert.Equal(first.Values, second.Values);
        Assert.InRange(first.Values.Average(), -0.25, 0.25);
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
