namespace FracCluster.Cli.Benchmarks;

/// <summary>One engine holding one model and one input batch, ready to run forward passes on demand.</summary>
public interface IForwardRunner : IDisposable
{
    /// <summary>The column's name, e.g. "TorchSharp" or "ONNX Runtime".</summary>
    string Engine { get; }

    /// <summary>Library versions, for the table's caption.</summary>
    string Version { get; }

    int Threads { get; }

    /// <summary>Runs one forward pass on the held batch and waits until its output is readable.</summary>
    void Forward();
}
