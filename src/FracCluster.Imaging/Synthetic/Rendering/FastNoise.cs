namespace FracCluster.Imaging.Synthetic.Rendering;

/// <summary>
/// Per-pixel film grain without a logarithm per pixel: xorshift32 indexes a fixed table of standard normal samples.
/// Seeded from the image's own random stream, so grain is as deterministic as everything else.
/// </summary>
internal struct FastNoise(uint seed)
{
    private const int TableSize = 1 << 16;
    private static readonly float[] Table = BuildTable();
    private uint state = seed == 0 ? 0x9E3779B9u : seed;

    public float NextGaussian()
    {
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        return Table[state & (TableSize - 1)];
    }

    private static float[] BuildTable()
    {
        var random = new Random(20251125);
        var table = new float[TableSize];
        for (var i = 0; i < table.Length; i++)
            table[i] = (float)random.NextGaussian();
        return table;
    }
}
