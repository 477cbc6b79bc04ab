namespace FracCluster.Ml.Data;

/// <summary>What FracAtlas's dataset.csv says about one image; null where the row does not say.</summary>
public sealed record FracAtlasCsvRow(string ImageId, string? BodyPart, bool? Fractured);
