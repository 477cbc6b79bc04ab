namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>
/// SplitMix64: turns (dataset seed, image index) into an independent per-image seed, so every image is the same
/// whatever order parallel workers render them in.
/// </summary>
internal static class SeedMixer
{
    public static int Mix(long seed, long index)
    {
        var z = unchecked((ulong)seed + (0x9E3779B97F4A7C15UL * (ulong)(index + 1)));
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        z ^= z >> 31;
        return (int)(z & 0x7FFFFFFF);
    }
}
