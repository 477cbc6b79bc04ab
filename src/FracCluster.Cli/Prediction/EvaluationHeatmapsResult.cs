using System.Globalization;
using System.Text;
using FracCluster.Ml.Heatmaps;

namespace FracCluster.Cli.Prediction;

/// <summary>
/// What <c>frac evaluate --heatmaps</c> produced: the localisation scores (empty without boxes) and the overlays by
/// outcome, as markdown for DIR/heatmaps.md and for the evaluation report, whose folder may be elsewhere.
/// </summary>
public sealed record EvaluationHeatmapsResult(
    string ModelVersion,
    string Split,
    string Directory,
    IReadOnlyList<LocalisationScore> Scores,
    IReadOnlyList<(string Title, IReadOnlyList<(string Image, double Probability, string Overlay)> Overlays)> Outcomes)
{
    /// <param name="heading">"#" for a document of its own, "##" for a section of another.</param>
    /// <param name="from">The folder the markdown is written to: overlay links are relative to it.</param>
    public string ToMarkdown(string heading, string from)
    {
        var prefix = Path.GetRelativePath(Path.GetFullPath(from), Directory).Replace('\\', '/');
        prefix = prefix == "." ? "" : prefix + "/";
        var sub = heading + "#";
        var markdown = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{heading} Heatmaps of {ModelVersion} on {Split.ToLowerInvariant()}\n\n");
        if (Scores.Count > 0)
        {
            markdown.Append(CultureInfo.InvariantCulture, $"{sub} Localisation on fractured images with boxes\n\n")
                .Append("A heatmap that does not beat both the random-init model and the centre prior says nothing about where the fracture is.\n\n")
                .Append("| heatmap | images | pointing game | mass inside boxes |\n|---|---:|---:|---:|\n");
            foreach (var s in Scores)
                markdown.Append(CultureInfo.InvariantCulture, $"| {s.Method} | {s.Images} | {s.PointingGame:0.000} | {s.MassInside:0.000} |\n");
            markdown.Append('\n');
        }
        else
        {
            markdown.Append("No fracture boxes in this data set: no localisation table.\n\n");
        }
        foreach (var (title, overlays) in Outcomes)
        {
            markdown.Append(CultureInfo.InvariantCulture, $"{sub} {title} ({overlays.Count} shown)\n\n");
            foreach (var (image, probability, overlay) in overlays)
                markdown.Append(CultureInfo.InvariantCulture, $"![{Path.GetFileName(image)} p={probability:0.00}]({prefix}{overlay}) ");
            markdown.Append("\n\n");
        }
        return markdown.ToString();
    }
}
