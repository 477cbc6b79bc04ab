namespace FracCluster.Imaging.Heatmaps;

/// <summary>How a heatmap is drawn over a radiograph.</summary>
public sealed record OverlayOptions
{
    /// <summary>Opacity of the colour where the heatmap is 1; weaker heat is proportionally more transparent.</summary>
    public float Opacity { get; init; } = 0.55f;

    /// <summary>Heat below this (0…1) is not coloured at all, so the bone stays readable outside the hot region.</summary>
    public float MinimumHeat { get; init; } = 0.15f;

    /// <summary>Draw the top region's box (white outline) when one is given.</summary>
    public bool DrawBox { get; init; } = true;

    public void Validate()
    {
        if (!(Opacity is > 0 and <= 1))
            throw new ArgumentException($"Overlay opacity {Opacity} is outside (0, 1].");
        if (!(MinimumHeat is >= 0 and < 1))
            throw new ArgumentException($"Overlay minimum heat {MinimumHeat} is outside [0, 1).");
    }
}
