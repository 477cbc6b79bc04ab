using Microsoft.ML.OnnxRuntime;

namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// ONNX Runtime's CPU execution provider on an exported model (bench/export_onnx.py): all graph optimisations, the same
/// intra-op thread count as TorchSharp, one inter-op thread, sequential execution, the same input batch every time.
/// </summary>
public sealed class OnnxRuntimeForwardRunner : IForwardRunner
{
    private readonly InferenceSession _session;
    private readonly OrtValue _input;
    private readonly RunOptions _runOptions = new();
    private readonly string[] _inputNames;
    private readonly string[] _outputNames;

    public OnnxRuntimeForwardRunner(string modelPath, BenchmarkInput input, int threads)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        ArgumentNullException.ThrowIfNull(input);
        if (!File.Exists(modelPath))
            throw new FileNotFoundException($"ONNX model {modelPath} not found (write one with bench/export_onnx.py).", modelPath);
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            IntraOpNumThreads = threads,
            InterOpNumThreads = 1,
        };
        _session = new InferenceSession(modelPath, options);
        try
        {
            if (_session.InputNames.Count != 1 || _session.OutputNames.Count < 1)
                throw new InvalidOperationException($"{modelPath} has {_session.InputNames.Count} inputs and {_session.OutputNames.Count} outputs; an image classifier with one input was expected.");
            var declared = _session.InputMetadata[_session.InputNames[0]].Dimensions;
            // A fixed (positive) dimension must match; -1 marks a dynamic axis such as the batch.
            if (declared.Length != 4 || declared.Zip(input.Shape).Any(d => d.First > 0 && d.First != d.Second))
                throw new InvalidOperationException($"{modelPath} takes input [{string.Join(", ", declared)}], not [{string.Join(", ", input.Shape)}] (export with a dynamic batch axis and the same size).");
            _inputNames = [_session.InputNames[0]];
            _outputNames = [_session.OutputNames[0]];
            _input = OrtValue.CreateTensorValueFromMemory(input.Values, input.Shape);
        }
        catch
        {
            _session.Dispose();
            _runOptions.Dispose();
            throw;
        }
        Threads = threads;
    }

    public string Engine => "ONNX Runtime";

    public string Version => OrtEnv.Instance().GetVersionString() + ", CPU EP";

    public int Threads { get; }

    public void Forward()
    {
        using var outputs = _session.Run(_runOptions, _inputNames, [_input], _outputNames);
        if (outputs[0].GetTensorDataAsSpan<float>().IsEmpty)
            throw new InvalidOperationException("ONNX Runtime returned an empty output.");
    }

    public void Dispose()
    {
        _input.Dispose();
        _runOptions.Dispose();
        _session.Dispose();
    }
}
