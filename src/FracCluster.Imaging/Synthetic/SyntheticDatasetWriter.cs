using System.Text;
using FracCluster.Imaging.Annotations;
using SixLabors.ImageSharp;

namespace FracCluster.Imaging.Synthetic;

/// <summary>
/// Writes a synthetic dataset in FracAtlas's layout: images/Fractured/*.jpg, images/Non_fractured/*.jpg, a
/// dataset.csv with FracAtlas's columns, and the fracture boxes under Annotations/ (COCO JSON, YOLO, PASCAL VOC). Which images are fractured, and every pixel, follow from the seed alone.
/// </summary>
public sealed class SyntheticDatasetWriter
{
    public const string FracturedFolder = "Fractured";
    public const string NonFracturedFolder = "Non_fractured";
    public const string CsvFileName = "dataset.csv";

    /// <summary>Exactly round(count × ratio) fractured labels, shuffled by the seed.</summary>
    public static bool[] AssignLabels(int count, double fracturedRatio, long seed)
    {
        var labels = new bool[count];
        var fractured = (int)Math.Round(count * fracturedRatio, MidpointRounding.AwayFromZero);
        for (var i = 0; i < fractured; i++)
            labels[i] = true;
        new Random(Rendering.SeedMixer.Mix(seed, -1)).Shuffle(labels);
        return labels;
    }

    public async Task<SyntheticDatasetSummary> WriteAsync(
        string directory, SyntheticDatasetOptions options, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var started = System.Diagnostics.Stopwatch.StartNew();
        var csvPath = Path.Combine(directory, CsvFileName);
        var fracturedDir = Path.Combine(directory, "images", FracturedFolder);
        var normalDir = Path.Combine(directory, "images", NonFracturedFolder);
        PrepareDirectory(directory, csvPath, fracturedDir, normalDir, options.Overwrite);

        var generator = new SyntheticRadiographGenerator(options.Radiograph);
        var labels = AssignLabels(options.Count, options.FracturedRatio, options.Seed);
        var infos = new SyntheticRadiographInfo[options.Count];
        var done = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        await Parallel.ForAsync(0, options.Count, parallel, async (index, token) =>
        {
            using var radiograph = generator.Generate(SyntheticRadiographGenerator.ImageSeed(options.Seed, index), labels[index]);
            var bytes = radiograph.EncodeJpeg(options.Radiograph.JpegQuality);
            var folder = labels[index] ? fracturedDir : normalDir;
            await File.WriteAllBytesAsync(Path.Combine(folder, FracAtlasCsv.ImageId(index)), bytes, token);
            infos[index] = radiograph.Info;
            progress?.Report(Interlocked.Increment(ref done));
        });

        var csv = new StringBuilder(FracAtlasCsv.Header).Append('\n');
        for (var i = 0; i < infos.Length; i++)
            csv.Append(FracAtlasCsv.Row(FracAtlasCsv.ImageId(i), infos[i])).Append('\n');
        await File.WriteAllTextAsync(csvPath, csv.ToString(), cancellationToken);
        await WriteAnnotationsAsync(directory, infos, cancellationToken);

        string? sheetPath = null;
        if (options.ContactSheetPath is { } path)
        {
            await WriteContactSheetAsync(generator, options, labels, path, cancellationToken);
            sheetPath = Path.GetFullPath(path);
        }

        return new SyntheticDatasetSummary(Path.GetFullPath(directory), options.Count, labels.Count(l => l), csvPath, sheetPath, started.Elapsed);
    }

    /// <summary>The fracture boxes the generator drew, in FracAtlas's three annotation formats (fractured images only, as FracAtlas).</summary>
    private static async Task WriteAnnotationsAsync(string directory, SyntheticRadiographInfo[] infos, CancellationToken cancellationToken)
    {
        var annotated = infos
            .Select((info, index) => (info, index))
            .Where(x => x.info.Fractured && x.info.FractureBoxes.Count > 0)
            .Select(x => new AnnotatedImage(
                FracAtlasCsv.ImageId(x.index),
                x.info.Width,
                x.info.Height,
                [.. x.info.FractureBoxes.Select(b => new FractureBox(b.X, b.Y, b.Width, b.Height))]))
            .ToList();
        var coco = Path.Combine(directory, FracAtlasAnnotations.CocoPath);
        Directory.CreateDirectory(Path.GetDirectoryName(coco)!);
        await File.WriteAllTextAsync(coco, FracAtlasAnnotations.WriteCoco(annotated), cancellationToken);
        Directory.CreateDirectory(Path.Combine(directory, FracAtlasAnnotations.YoloFolder));
        Directory.CreateDirectory(Path.Combine(directory, FracAtlasAnnotations.VocFolder));
        foreach (var image in annotated)
        {
            await File.WriteAllTextAsync(Path.Combine(directory, FracAtlasAnnotations.YoloPath(image.FileName)), FracAtlasAnnotations.WriteYolo(image), cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(directory, FracAtlasAnnotations.VocPath(image.FileName)), FracAtlasAnnotations.WriteVoc(image), cancellationToken);
        }
    }

    private static void PrepareDirectory(string directory, string csvPath, string fracturedDir, string normalDir, bool overwrite)
    {
        if (File.Exists(csvPath) || Directory.Exists(fracturedDir) || Directory.Exists(normalDir))
        {
            if (!overwrite)
                throw new IOException($"{directory} already holds a dataset (dataset.csv or images/); pass overwrite (--force) to replace it.");
            File.Delete(csvPath);
            if (Directory.Exists(fracturedDir))
                Directory.Delete(fracturedDir, recursive: true);
            if (Directory.Exists(normalDir))
                Directory.Delete(normalDir, recursive: true);
            var annotations = Path.Combine(directory, "Annotations");
            if (Directory.Exists(annotations))
                Directory.Delete(annotations, recursive: true);
        }

        Directory.CreateDirectory(fracturedDir);
        Directory.CreateDirectory(normalDir);
    }

    /// <summary>Re-renders the first images of each class (cheap and identical to the files) and tiles them.</summary>
    private static async Task WriteContactSheetAsync(
        SyntheticRadiographGenerator generator, SyntheticDatasetOptions options, bool[] labels, string path, CancellationToken cancellationToken)
    {
        var fractured = Enumerable.Range(0, labels.Length).Where(i => labels[i]).Take(options.ContactSheetTiles / 2);
        var normal = Enumerable.Range(0, labels.Length).Where(i => !labels[i]).Take(options.ContactSheetTiles - (options.ContactSheetTiles / 2));
        var picks = fractured.Concat(normal).Order().ToList();
        var radiographs = picks.Select(i => generator.Generate(SyntheticRadiographGenerator.ImageSeed(options.Seed, i), labels[i])).ToList();
        try
        {
            var tiles = radiographs.Select(r => (r.Image, r.Info.Fractured, Caption(r.Info))).ToList();
            using var sheet = ContactSheet.Compose(tiles, columns: Math.Min(4, tiles.Count));
            var folder = Path.GetDirectoryName(Path.GetFullPath(path));
            if (folder is not null)
                Directory.CreateDirectory(folder);
            await sheet.SaveAsPngAsync(path, cancellationToken);
        }
        finally
        {
            foreach (var radiograph in radiographs)
                radiograph.Dispose();
        }
    }

    private static string Caption(SyntheticRadiographInfo info) => info.Fractured
        ? $"{info.Fracture} {(info.Displaced ? "DISPL" : "UNDISPL")} {info.BodyPart}{(info.Hardware ? " HW" : string.Empty)}"
        : $"NORMAL {info.BodyPart}{(info.Hardware ? " HW" : string.Empty)}";
}
