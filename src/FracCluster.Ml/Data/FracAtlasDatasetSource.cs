using FracCluster.Storage;

namespace FracCluster.Ml.Data;

/// <summary>
/// The FracAtlas layout: <c>images/Fractured/*</c> and <c>images/Non_fractured/*</c> (folder names matched case-insensitively)
/// with labels <c>fractured</c>, <c>non_fractured</c> in that order, and body parts from an optional <c>dataset.csv</c>
/// (see <see cref="FracAtlasCsv"/> for how a missing or partial file is handled), and fracture boxes from its
/// <c>Annotations/</c> folder when it has one (see <see cref="FracAtlasBoxes"/>). Other folders are ignored.
/// </summary>
public sealed class FracAtlasDatasetSource : BlobDatasetSource
{
    public const string Fractured = "fractured";
    public const string NonFractured = "non_fractured";

    /// <summary>Label order of FracAtlas checkpoints: index 0 is the positive class.</summary>
    public static readonly IReadOnlyList<string> Labels = [Fractured, NonFractured];

    private static readonly (string Folder, string Label)[] Folders = [("images/fractured/", Fractured), ("images/non_fractured/", NonFractured)];

    private FracAtlasDatasetSource(IBlobStore store, string prefix, string description, IReadOnlyList<DatasetEntry> entries, FracAtlasCsv? csv, AnnotationSource annotations)
        : base(store, prefix, description, Labels, entries)
    {
        Csv = csv;
        Annotations = annotations;
    }

    /// <summary>Where the entries' fracture boxes came from; <see cref="AnnotationSource.None"/> when the source has none.</summary>
    public AnnotationSource Annotations { get; }

    /// <summary>The parsed dataset.csv; null when the source has none.</summary>
    public FracAtlasCsv? Csv { get; }

    public static async Task<FracAtlasDatasetSource> OpenAsync(IBlobStore store, string prefix, string? description = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        prefix = NormalizePrefix(prefix);
        var csvBytes = await store.GetAsync(prefix + "dataset.csv", cancellationToken);
        var csv = csvBytes is null ? null : FracAtlasCsv.Parse(System.Text.Encoding.UTF8.GetString(csvBytes));

        var images = new List<(string Path, string Label)>();
        foreach (var path in await ListRelativeAsync(store, prefix, "images/", cancellationToken))
        {
            if (!ImageFileTypes.IsImagePath(path))
                continue;
            var label = Folders.Where(f => path.StartsWith(f.Folder, StringComparison.OrdinalIgnoreCase)).Select(f => f.Label).FirstOrDefault();
            if (label is not null)
                images.Add((path, label));
        }
        var (annotations, boxes) = await FracAtlasBoxes.LoadAsync(store, prefix, [.. images.Select(i => i.Path)], cancellationToken);
        var entries = images.Select(image =>
        {
            var fileName = image.Path[(image.Path.LastIndexOf('/') + 1)..];
            return new DatasetEntry(image.Path, image.Label)
            {
                BodyPart = csv?.Find(fileName)?.BodyPart,
                Annotation = boxes.GetValueOrDefault(fileName),
            };
        }).ToList();
        return new FracAtlasDatasetSource(store, prefix, description ?? $"FracAtlas at '{prefix}'", entries, csv, annotations);
    }

    /// <summary>Whether the prefix looks like FracAtlas: either class folder or dataset.csv exists.</summary>
    public static async Task<bool> LooksLikeFracAtlasAsync(IBlobStore store, string prefix, CancellationToken cancellationToken = default)
    {
        prefix = NormalizePrefix(prefix);
        if (await store.ExistsAsync(prefix + "dataset.csv", cancellationToken))
            return true;
        await foreach (var key in store.ListAsync(prefix + "images/", cancellationToken))
        {
            if (Folders.Any(f => key.AsSpan(prefix.Length).StartsWith(f.Folder, StringComparison.OrdinalIgnoreCase)))
                return true;
        }
        return false;
    }
}
