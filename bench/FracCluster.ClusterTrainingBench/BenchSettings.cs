using System.Globalization;

namespace FracCluster.ClusterTrainingBench;

/// <summary>
/// Command line: --images N --size PX --epochs E --silos 1,2,3 --rate IMG_PER_S --seconds S --shard N, and for the
/// data-parallel fine-tune table --fine-tune b0,b6 (full-size variants, none by default) --ft-images N --ft-size PX --ft-rounds R.
/// </summary>
public sealed record BenchSettings
{
    public int Images { get; init; } = 240;

    public int Size { get; init; } = 64;

    public int Epochs { get; init; } = 5;

    public IReadOnlyList<int> Silos { get; init; } = [1, 2, 3];

    public double Rate { get; init; } = 8;

    public int Seconds { get; init; } = 8;

    public int ShardSize { get; init; } = 16;

    /// <summary>Variants fine-tuned data-parallel over 2 silos (empty: the table is skipped, the other tables only).</summary>
    public IReadOnlyList<string> FineTune { get; init; } = [];

    public int FineTuneImages { get; init; } = 40;

    public int FineTuneSize { get; init; } = 224;

    /// <summary>Runs per gradient path, alternating between the paths; the table shows medians.</summary>
    public int FineTuneRounds { get; init; } = 3;

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
                "--fine-tune" => s with { FineTune = v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                "--ft-images" => s with { FineTuneImages = int.Parse(v, CultureInfo.InvariantCulture) },
                "--ft-size" => s with { FineTuneSize = int.Parse(v, CultureInfo.InvariantCulture) },
                "--ft-rounds" => s with { FineTuneRounds = int.Parse(v, CultureInfo.InvariantCulture) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --images --size --epochs --silos --rate --seconds --shard --fine-tune --ft-images --ft-size --ft-rounds."),
            };
        }
        if (s.Images < 20 || s.Size < 32 || s.Epochs < 1 || s.Silos.Any(n => n < 1) || s.Rate <= 0 || s.Seconds < 1 || s.ShardSize < 1 || s.FineTuneImages < 20 || s.FineTuneSize < 32 || s.FineTuneRounds < 1)
            throw new ArgumentException("Values out of range: --images/--ft-images ≥ 20, --size/--ft-size ≥ 32, --epochs/--seconds/--shard/--ft-rounds ≥ 1, --rate > 0, silos ≥ 1.");
        return s;
    }
}
