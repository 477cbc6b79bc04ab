namespace FracCluster.Ml.Heatmaps;

/// <summary>
/// How well one kind of heatmap points at annotated fractures, over the fractured images that have boxes: the pointing
/// game (share of images whose heatmap peak lies inside a box) and the mean share of heatmap mass inside the boxes.
/// </summary>
public sealed record LocalisationScore(string Method, int Images, double PointingGame, double MassInside);
