namespace FracCluster.Imaging.Synthetic;

public sealed class SyntheticDatasetOptions
{
    public int Count { get; set; } = 100;

    /// <summary>Share of fractured images; exactly round(Count × ratio) are fractured (FracAtlas: 717 of 4083 ≈ 0.18).</summary>
    public double FracturedRatio { get; set; } = 0.18;

    public long Seed { get; set; }

    public int MaxDegreeOfParallelism { get; set; } = 2;

    /// <summary>Replace an existing dataset in the output folder instead of refusing.</summary>
    public bool Overwrite { get; set; }

    /// <summary>Where to write a PNG contact sheet of examples of both classes; none when null.</summary>
    public string? ContactSheetPath { get; set; }

    public int ContactSheetTiles { get; set; } = 16;

    public SyntheticRadiographOptions Radiograph { get; set; } = new();

    internal void Validate()
    {
        if (Count < 1)
            throw new ArgumentException($"Count must be at least 1 (got {Count}).");
        if (FracturedRatio is < 0 or > 1 || double.IsNaN(FracturedRatio))
            throw new ArgumentException($"The fractured ratio must lie in 0…1 (got {FracturedRatio}).");
        if (MaxDegreeOfParallelism < 1)
            throw new ArgumentException($"Parallelism must be at least 1 (got {MaxDegreeOfParallelism}).");
        if (ContactSheetTiles < 2)
            throw new ArgumentException($"A contact sheet needs at least 2 tiles (got {ContactSheetTiles}).");
        Radiograph.Validate();
    }
}
