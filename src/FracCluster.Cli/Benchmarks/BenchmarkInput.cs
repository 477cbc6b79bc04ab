namespace FracCluster.Cli.Benchmarks;

/// <summary>
/// The one random batch every engine of a benchmark run reads (standard normal values, fixed seed), so all columns
/// time the same input. Values do not change the cost of a dense forward pass, but equal inputs rule that out.
/// </summary>
public sealed class BenchmarkInput
{
    private BenchmarkInput(int batch, int size, float[] values)
    {
        Batch = batch;
        Size = size;
        Values = values;
    }

    public int Batch { get; }

    public int Size { get; }

    /// <summary>NCHW values, <c>Batch·3·Size·Size</c> of them.</summary>
    public float[] Values { get; }

    public long[] Shape => [Batch, 3, Size, Size];

    public static BenchmarkInput Create(int batch, int size, int seed = 0)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var random = new Random(seed);
        var values = new float[checked(batch * 3 * size * size)];
        for (var i = 0; i < values.Length; i++)
        {
            // Box-Muller: one standard normal value from two uniform ones.
            var u1 = 1.0 - random.NextDouble();
            var u2 = random.NextDouble();
            values[i] = (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2));
        }
        return new BenchmarkInput(batch, size, values);
    }
}
