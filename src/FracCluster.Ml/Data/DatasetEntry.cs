using FracCluster.Imaging.Annotations;

namespace FracCluster.Ml.Data;

/// <summary>One image of a dataset source: its path inside the source, its class name, and optional FracAtlas attributes.</summary>
public sealed record DatasetEntry(string Path, string Label)
{
    /// <summary>Body part(s) from FracAtlas's dataset.csv (hand, leg, hip, shoulder, mixed), when known.</summary>
    public string? BodyPart { get; init; }

    /// <summary>The image's fracture boxes from FracAtlas's annotations, when the source has them for this image.</summary>
    public AnnotatedImage? Annotation { get; init; }
}
