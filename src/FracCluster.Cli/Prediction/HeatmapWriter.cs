using FracCluster.Imaging;
using FracCluster.Imaging.Heatmaps;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Inference;

namespace FracCluster.Cli.Prediction;

/// <summary>
/// Classifies images with their Grad-CAM heatmaps and writes each overlay as <c>NAME.heatmap.png</c> into one folder
/// (a name seen twice in a run gets "-2", "-3"… so files from different folders never overwrite each other).
/// </summary>
public sealed class HeatmapWriter
{
    private readonly InferenceEngine _engine;
    private readonly HeatmapOptions _options;
    private readonly HeatmapOverlay _overlay;
    private readonly HashSet<string> _used = new(StringComparer.OrdinalIgnoreCase);

    public HeatmapWriter(InferenceEngine engine, string directory, ImageLimits limits, HeatmapOptions? options = null, OverlayOptions? overlay = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        ArgumentNullException.ThrowIfNull(limits);
        _engine = engine;
        _options = options ?? new HeatmapOptions();
        _overlay = new HeatmapOverlay(new ImagePipeline(limits, engine.Model.Preprocess), overlay);
        Directory = System.IO.Directory.CreateDirectory(directory).FullName;
    }

    public string Directory { get; }

    /// <summary>Explains the images (in order) and writes an overlay for each one that was classified.</summary>
    public async Task<IReadOnlyList<ExplainedFile>> ExplainAsync(IReadOnlyList<(string File, byte[] Bytes)> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        // Nothing else shares the device in a CLI run: normal priority.
        var results = await _engine.ExplainAsync([.. files.Select(f => (ReadOnlyMemory<byte>)f.Bytes)], _options, WorkPriority.Normal, cancellationToken);
        var explained = new ExplainedFile[files.Count];
        for (var i = 0; i < files.Count; i++)
        {
            var result = results[i];
            string? path = null;
            if (result.InputHeatmap is { } heatmap)
            {
                path = Path.Combine(Directory, NameFor(files[i].File));
                var png = _overlay.RenderPng(files[i].Bytes, heatmap, result.SourceBox);
                await File.WriteAllBytesAsync(path, png, cancellationToken);
            }
            explained[i] = new ExplainedFile(result, path);
        }
        return explained;
    }

    private string NameFor(string file)
    {
        var stem = Path.GetFileNameWithoutExtension(file);
        var name = $"{stem}.heatmap.png";
        for (var n = 2; !_used.Add(name); n++)
            name = $"{stem}-{n}.heatmap.png";
        return name;
    }
}

/// <summary>One file's classification and heatmap, and where its overlay was written (null when it was rejected).</summary>
public sealed record ExplainedFile(ImageHeatmap Result, string? OverlayPath);
