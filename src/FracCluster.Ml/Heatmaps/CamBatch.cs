namespace FracCluster.Ml.Heatmaps;

/// <summary>
/// A heatmap pass's results on the CPU: softmax probabilities [images, classes] and heatmaps [images, size, size], each
/// scaled to a maximum of 1 (all zeros where the class score rises nowhere).
/// </summary>
internal readonly record struct CamBatch(float[] Probabilities, float[] Heatmaps, int Size, double Milliseconds);
