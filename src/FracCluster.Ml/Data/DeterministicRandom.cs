using System.Text;

namespace FracCluster.Ml.Data;

/// <summary>
/// SplitMix64: a tiny generator whose sequence for a seed is fixed by this code, not by a runtime version
/// (System.Random makes no such promise), so a manifest made from a seed is the same everywhere.
/// </summary>
internal sealed class DeterministicRandom(ulong seed)
{
    private ulong _state = seed;

    public static DeterministicRandom For(int seed, string stream)
    {
        // FNV-1a over the stream name gives each class its own sequence, independent of the other classes.
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(stream))
            hash = (hash ^ b) * 1099511628211UL;
        return new DeterministicRandom(((ulong)(uint)seed * 0x9E3779B97F4A7C15UL) ^ hash);
    }

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, exclusiveMax) without modulo bias.</summary>
    public int Next(int exclusiveMax)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(exclusiveMax, 1);
        var bound = (ulong)exclusiveMax;
        var limit = ulong.MaxValue - (ulong.MaxValue % bound);
        ulong r;
        do
        {
            r = NextUInt64();
        }
        while (r >= limit);
        return (int)(r % bound);
    }

    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
