namespace FracCluster.Ml.Tests.Cli;

/// <summary>
/// A test that needs Debian's PyTorch (/usr/bin/python3 with torch and torchvision, e.g. to export an ONNX model):
/// skipped, with the reason, where it is missing (.ci/run installs python3-torch and python3-torchvision).
/// </summary>
public sealed class PyTorchFactAttribute : FactAttribute
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<bool> Available = new(() => SystemPython.CanImport(Python, "torch, torchvision"));

    public PyTorchFactAttribute()
    {
        if (!Available.Value)
            Skip = $"{Python} cannot import torch and torchvision (apt-get install -y python3-torch python3-torchvision; .ci/run does).";
    }
}
