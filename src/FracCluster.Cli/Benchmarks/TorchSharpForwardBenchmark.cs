using System.Diagnostics;
using FracCluster.Ml.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// Times the forward pass the way the inference engine runs it: eval mode, <c>inference_mode</c>, one dispose scope per
/// batch, the same input tensor every time (so only the model is measured, not data preparation).
/// </summary>
public static class TorchSharpForwardBenchmark
{
    public static ForwardBenchmarkResult Run(EfficientNetConfig config, int batch, int size, int warmUp, int iterations, Device device, CancellationToken cancellationToken)
    {
        using var model = new EfficientNet(config);
        model.to(device);
        model.eval();
        using var mode = inference_mode();
        using var input = randn(batch, 3, size, size, device: device);
        for (var i = 0; i < warmUp; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ForwardOnce(model, input);
        }
        var times = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var started = Stopwatch.GetTimestamp();
            ForwardOnce(model, input);
            times[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }
        return new ForwardBenchmarkResult
        {
            Engine = "TorchSharp",
            Version = $"{typeof(torch).Assembly.GetName().Version?.ToString(3)}, libtorch {torch.__version__}",
            Threads = get_num_threads(),
            Batch = batch,
            Size = size,
            BatchMilliseconds = times,
        };
    }

    private static void ForwardOnce(EfficientNet model, Tensor input)
    {
        using var scope = NewDisposeScope();
        // Reading a value back waits for asynchronous (CUDA) work; on the CPU it costs nothing.
        model.forward(input).sum().item<float>();
    }
}
