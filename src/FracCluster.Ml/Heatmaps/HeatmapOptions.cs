namespace FracCluster.Ml.Heatmaps;

/// <summary>What a heatmap explains and how its top region is cut out.</summary>
public sealed record HeatmapOptions
{
    public CamMethod Method { get; init; } = CamMethod.GradCam;

    /// <summary>Class whose score is explained; null = the checkpoint's positive (fractured) class.</summary>
    public int? TargetClass { get; init; }

    /// <summary>The top region is the area around the peak at or above this fraction of it.</summary>
    public float RegionThreshold { get; init; } = 0.5f;

    /// <summary>Throws <see cref="ArgumentException"/> naming the bad setting.</summary>
    public void Validate(int numClasses)
    {
        if (!Enum.IsDefined(Method))
            throw new ArgumentException($"Unknown heatmap method {(int)Method}.");
        if (TargetClass is { } target && (target < 0 || target >= numClasses))
            throw new ArgumentException($"Heatmap target class {target} is not one of the model's {numClasses} classes.");
        if (!(RegionThreshold is > 0 and <= 1))
            throw new ArgumentException($"Heatmap region threshold {RegionThreshold} is outside (0, 1].");
    }
}
