using FracCluster.Ml.Checkpoints;

namespace FracCluster.Ml.Import;

/// <summary>
/// The file was written by <c>torch.save</c>'s legacy (pre-1.6, non-zip) serialisation, which TorchSharp.PyBridge
/// cannot read. The message carries the one-line PyTorch command that rewrites it in the zip format.
/// </summary>
public sealed class LegacyTorchSaveFormatException : CheckpointException
{
    public const string ConversionCommand =
        "python -c \"import torch; torch.save(torch.load('old.pth'), 'new.pth', _use_new_zipfile_serialization=True)\"";

    public LegacyTorchSaveFormatException(string path)
        : base(
            $"{path} was saved in PyTorch's legacy (non-zip) torch.save format, which cannot be read here. " +
            $"Convert it once with PyTorch (old.pth = this file, new.pth = the file to import):{Environment.NewLine}  {ConversionCommand}")
    {
        Path = path;
    }

    public string Path { get; }
}
