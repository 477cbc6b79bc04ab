using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace FracCluster.Ml.Training;

/// <summary>SHA-256 over a module's state (parameter and buffer names, dtypes, shapes and bytes), in name order.</summary>
public static class ModuleFingerprint
{
    public static string Sha256(nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(module);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var scope = NewDisposeScope();
        foreach (var (name, tensor) in module.state_dict().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => (kv.Key, kv.Value)))
        {
            hash.AppendData(Encoding.UTF8.GetBytes($"{name}|{tensor.dtype}|{string.Join(',', tensor.shape)}\n"));
            using var cpu = tensor.detach().cpu().contiguous();
            hash.AppendData(cpu.bytes);
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
