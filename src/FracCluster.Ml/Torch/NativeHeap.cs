using System.Runtime.InteropServices;

namespace FracCluster.Ml.Torch;

/// <summary>
/// Tunes glibc's malloc for libtorch. libtorch allocates every activation with malloc; glibc serves blocks above its
/// mmap threshold (32 MiB at most) with a fresh mmap and unmaps them on free, so each forward pass of a batch faults
/// its large activations in again page by page (perf, B0 at 224 px on 2 cores: a third of the forward pass in the
/// kernel's page-fault path). Serving large blocks from the heap and never trimming it lets them be reused: measured
/// with `frac bench model`, B0 36 → 70 images/s and B6 7.0 → 11.1 images/s. The cost is that the process keeps its
/// peak heap (the activations of its largest batch) instead of handing it back between batches, which a model server
/// needs again a moment later anyway. Set FRACCLUSTER_MALLOC_DEFAULTS=1 to keep glibc's defaults.
/// </summary>
public static class NativeHeap
{
    public const string OptOutVariable = "FRACCLUSTER_MALLOC_DEFAULTS";

    // glibc's malloc.h.
    private const int MTrimThreshold = -1;
    private const int MMmapMax = -4;

    /// <summary>Applies the tuning once, at process start; false where it does not apply (not glibc, or opted out).</summary>
    public static bool RetainLargeBlocks()
    {
        if (!OperatingSystem.IsLinux() || Environment.GetEnvironmentVariable(OptOutVariable) is "1" or "true")
            return false;
        try
        {
            // Both or neither: without the mmap limit the trim threshold changes little, and mallopt returns 1 on success.
            return MallOpt(MMmapMax, 0) == 1 && MallOpt(MTrimThreshold, int.MaxValue) == 1;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    // DllImport rather than LibraryImport: two ints need no marshalling, and LibraryImport would need unsafe code.
    [DllImport("libc", EntryPoint = "mallopt", ExactSpelling = true)]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallOpt(int parameter, int value);
}
