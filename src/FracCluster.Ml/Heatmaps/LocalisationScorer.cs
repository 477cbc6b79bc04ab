using FracCluster.Imaging;
using FracCluster.Imaging.Heatmaps;

namespace FracCluster.Ml.Heatmaps;

/// <summary>
/// Accumulates <see cref="LocalisationScore"/>s for a model's heatmaps next to the centre-prior baseline, so a reader
/// sees whether the heatmap says more than "fractures tend to be in the middle". Heatmaps and boxes are in source pixels.
/// </summary>
public sealed class LocalisationScorer
{
    public const string CentrePriorMethod = "centre prior";

    private readonly Dictionary<string, (int Images, int Hits, double Mass)> _totals = new(StringComparer.Ordinal);
    private readonly List<string> _order = [];

    /// <summary>Scores one image's heatmap from <paramref name="method"/> against its fracture boxes (ignored when it has none).</summary>
    public void Add(string method, Heatmap sourceHeatmap, IReadOnlyCollection<PixelBox> boxes)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(method);
        ArgumentNullException.ThrowIfNull(sourceHeatmap);
        ArgumentNullException.ThrowIfNull(boxes);
        if (boxes.Count == 0)
            return;
        if (!_totals.TryGetValue(method, out var total))
            _order.Add(method);
        _totals[method] = (total.Images + 1, total.Hits + (sourceHeatmap.PeakInside(boxes) ? 1 : 0), total.Mass + sourceHeatmap.MassInside(boxes));
    }

    /// <summary>Scores the centre prior on an image of that size against the same boxes.</summary>
    public void AddCentrePrior(int width, int height, IReadOnlyCollection<PixelBox> boxes) =>
        Add(CentrePriorMethod, Heatmap.CentrePrior(width, height), boxes);

    /// <summary>One score per method, in the order methods were first added.</summary>
    public IReadOnlyList<LocalisationScore> Scores() =>
        [.. _order.Select(m =>
        {
            var (images, hits, mass) = _totals[m];
            return new LocalisationScore(m, images, (double)hits / images, mass / images);
        })];
}
