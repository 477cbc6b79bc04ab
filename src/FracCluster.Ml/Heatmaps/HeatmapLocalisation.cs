using FracCluster.Imaging;
using FracCluster.Imaging.Annotations;
using FracCluster.Ml.Inference;

namespace FracCluster.Ml.Heatmaps;

/// <summary>
/// Localisation of annotated fractures by several models' heatmaps (e.g. the trained model and the same architecture
/// at random initialisation) and by the centre prior, on the same images.
/// </summary>
public static class HeatmapLocalisation
{
    /// <param name="models">Method name and engine, e.g. ("Grad-CAM", trained) and ("Grad-CAM, random init", untrained).</param>
    /// <param name="images">Encoded images with their annotation (boxes in the image's pixels); images without boxes are skipped.</param>
    public static async Task<IReadOnlyList<LocalisationScore>> ScoreAsync(
        IReadOnlyList<(string Method, InferenceEngine Engine)> models,
        IReadOnlyList<(ReadOnlyMemory<byte> Bytes, AnnotatedImage Annotation)> images,
        HeatmapOptions? options = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(images);
        var annotated = images.Where(i => i.Annotation.Boxes.Count > 0).ToList();
        var scorer = new LocalisationScorer();
        var priorDone = false;
        foreach (var (method, engine) in models)
        {
            var results = await engine.ExplainAsync([.. annotated.Select(i => i.Bytes)], options, WorkPriority.Normal, cancellationToken);
            for (var i = 0; i < annotated.Count; i++)
            {
                if (results[i].SourceHeatmap() is not { } heatmap)
                    continue;
                var boxes = annotated[i].Annotation.Boxes
                    .Select(b => b.ToPixels(heatmap.Width, heatmap.Height))
                    .OfType<PixelBox>()
                    .ToList();
                scorer.Add(method, heatmap, boxes);
                if (!priorDone)
                    scorer.AddCentrePrior(heatmap.Width, heatmap.Height, boxes);
            }
            priorDone = true;
        }
        return scorer.Scores();
    }
}
