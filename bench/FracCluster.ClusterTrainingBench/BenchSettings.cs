using System.Globalization;

namespace FracCluster.ClusterTrainingBench;

/// <summary>Command line: --images N --size PX --epochs E --silos 1,2,3 --rate IMG_PER_S --seconds S --shard N.</summary>
public sealed record BenchSettings
{
    public int Images { get; init; } = 240;

    public int Size { get; init; } = 64;

    public int Epochs { get; init; } = 5;

    public IReadOnlyList<int> Silos { get; init; } = [1, 2, 3];

    public double Rate { get; init; } = 8;

    public int Seconds { get; init; } = 8;

    public int ShardSize { get; init; } = 16;

    public static BenchSettings Parse(string[] args)
    {
        var s = new BenchSettings();
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var v = args[i + 1];
            s = args[i] switch
            {
                "--images" => s with { Images = int.Parse(v, CultureInfo.InvariantCulture) },
                "--size" => s with { Size = int.Parse(v, CultureInfo.InvariantCulture) },
                "--epochs" => s with { Epochs = int.Parse(v, CultureInfo.InvariantCulture) },
                "--silos" => s with { Silos = v.Split(',').Select(x => int.Parse(x, CultureInfo.InvariantCulture)).ToList() },
                "--rate" => s with { Rate = double.Parse(v, CultureInfo.InvariantCulture) },
                "--seconds" => s with { Seconds = int.Parse(v, CultureInfo.InvariantCulture) },
                "--shard" => s with { ShardSize = int.Parse(v, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --images --size --epochs --silos --rate --seconds --shard."),
            };
        }
        if (s.Images < 20 || s.Size < 32 || s.Epochs < 1 || s.Silos.Any(n => n < 1) || s.Rate <= 0 || s.Seconds < 1 || s.ShardSize < 1)
            throw new ArgumentException("Values out of range: --images ≥ 20, --size ≥ 32, --epochs/--seconds/--shard ≥ 1, --rate > 0, silos ≥ 1.");
        return s;
    }
}
