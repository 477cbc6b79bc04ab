using SixLabors.ImageSharp;

namespace FracCluster.Imaging.Synthetic;

/// <summary>What a synthetic radiograph shows: the labels a dataset row records, plus how its fracture was drawn.</summary>
public sealed record SyntheticRadiographInfo(
    int Width,
    int Height,
    BodyPart BodyPart,
    RadiographView View,
    FractureKind Fracture,
    bool Displaced,
    int FractureCount,
    bool Hardware)
{
    public bool Fractured => FractureCount > 0;

    /// <summary>One box per fracture in image pixels (like FracAtlas's localisation annotations); empty when intact.</summary>
    public IReadOnlyList<RectangleF> FractureBoxes { get; init; } = [];
}
