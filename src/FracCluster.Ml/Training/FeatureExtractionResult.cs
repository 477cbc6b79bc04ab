namespace FracCluster.Ml.Training;

/// <summary>What a feature extraction produced: features of the usable images, the skipped ones, and cache use.</summary>
public sealed record FeatureExtractionResult(FeatureSet Features, IReadOnlyList<SkippedImage> Skipped, int CacheHits, int Computed);
