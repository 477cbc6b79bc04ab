namespace FracCluster.Grains.Training;

/// <summary>
/// Adds micro-batch gradients in double, in the order given, and divides by the image count at the end: whether a
/// gradient arrived in a grain call or from a blob, the same additions in the same order give the same bits.
/// </summary>
public sealed class GradientSum(int length)
{
    private readonly double[] _sum = new double[length];

    public int Length => _sum.Length;

    /// <summary>Back to zero, so the next step reuses the buffer (B6: 326 MB) instead of allocating another.</summary>
    public void Clear() => Array.Clear(_sum);

    /// <summary>Adds <paramref name="values"/> to elements <paramref name="offset"/>.. of the sum.</summary>
    public void Add(ReadOnlySpan<float> values, int offset = 0)
    {
        if (offset < 0 || offset + values.Length > _sum.Length)
            throw new ArgumentOutOfRangeException(nameof(values), $"{values.Length} gradient values at {offset} do not fit {_sum.Length} parameters.");
        var sum = _sum.AsSpan(offset, values.Length);
        for (var i = 0; i < sum.Length; i++)
            sum[i] += values[i];
    }

    public float[] Average(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        var averaged = new float[_sum.Length];
        for (var i = 0; i < averaged.Length; i++)
            averaged[i] = (float)(_sum[i] / count);
        return averaged;
    }
}
