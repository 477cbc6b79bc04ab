namespace FracCluster.Imaging.Synthetic.Rendering;

internal static class RandomExtensions
{
    public static float Range(this Random random, double min, double max) => (float)(min + (random.NextDouble() * (max - min)));

    public static float Sign(this Random random) => random.Next(2) == 0 ? -1f : 1f;

    public static bool Chance(this Random random, double probability) => random.NextDouble() < probability;

    /// <summary>Box–Muller: one standard normal sample.</summary>
    public static double NextGaussian(this Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
