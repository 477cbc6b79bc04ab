using TorchSharp;

namespace FracCluster.Ml.Torch;

/// <summary>Process-wide TorchSharp settings: device parsing and intra-op thread count.</summary>
public static class TorchRuntime
{
    private static readonly Lock Gate = new();
    private static int? _threads;

    /// <summary>Parses "cpu", "cuda" or "cuda:N" and fails clearly when CUDA was asked for but is not there.</summary>
    public static torch.Device ParseDevice(string device)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(device);
        var d = device.Trim().ToLowerInvariant();
        if (d == "cpu")
            return torch.CPU;
        if (d == "cuda" || d.StartsWith("cuda:", StringComparison.Ordinal))
        {
            if (!torch.cuda.is_available())
                throw new InvalidOperationException($"Device '{device}' was configured but CUDA is not available in this build or on this host (build with -p:TorchBackend=cuda on a CUDA machine).");
            var index = d == "cuda" ? 0 : int.Parse(d.AsSpan(5), System.Globalization.CultureInfo.InvariantCulture);
            if (index < 0 || index >= torch.cuda.device_count())
                throw new ArgumentOutOfRangeException(nameof(device), $"Device '{device}' does not exist: {torch.cuda.device_count()} CUDA device(s) found.");
            return new torch.Device(DeviceType.CUDA, index);
        }
        throw new ArgumentException($"Unknown device '{device}': use 'cpu' or 'cuda:N'.", nameof(device));
    }

    /// <summary>Sets libtorch's intra-op threads once per process (0 = leave libtorch's default).</summary>
    public static void ConfigureThreads(int threads)
    {
        if (threads <= 0)
            return;
        lock (Gate)
        {
            if (_threads == threads)
                return;
            torch.set_num_threads(threads);
            _threads = threads;
        }
    }
}
