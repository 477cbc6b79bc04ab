using FracCluster.Ml.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// The forward pass the way the inference engine runs it: eval mode, the engine's serving rewrites
/// (<see cref="InferenceOptimisations"/>), <c>inference_mode</c>, one dispose scope per batch, the same input every time.
/// </summary>
public sealed class TorchSharpForwardRunner : IForwardRunner
{
    private readonly EfficientNet _model;
    private readonly Tensor _input;

    public TorchSharpForwardRunner(EfficientNetConfig config, BenchmarkInput input, Device device, InferenceOptimisations optimisations, string engine = "TorchSharp")
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(optimisations);
        Engine = engine;
        _model = new EfficientNet(config);
        try
        {
            _model.to(device);
            _model.eval();
            _model.OptimiseForInference(optimisations);
            using var values = tensor(input.Values, input.Shape);
            _input = values.to(device);
        }
        catch
        {
            _model.Dispose();
            throw;
        }
    }

    public string Engine { get; }

    public string Version => $"{typeof(torch).Assembly.GetName().Version?.ToString(3)}, libtorch {torch.__version__}";

    public int Threads => get_num_threads();

    public void Forward()
    {
        using var mode = inference_mode();
        using var scope = NewDisposeScope();
        // Reading a value back waits for asynchronous (CUDA) work; on the CPU it costs nothing.
        _model.forward(_input).sum().item<float>();
    }

    public void Dispose()
    {
        _input.Dispose();
        _model.Dispose();
    }
}
