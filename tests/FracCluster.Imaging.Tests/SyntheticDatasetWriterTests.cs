using FracCluster.Imaging.Annotations;
using System.Security.Cryptography;
using FracCluster.Imaging.Synthetic;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Imaging.Tests;

public sealed class SyntheticDatasetWriterTests : IDisposable
{
    private readonly string root = Path.Combine(Path.GetTempPath(), "frac-synth-tests-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(root))
            Directory.Delete(root, recursive: true);
    }

    private static SyntheticDatasetOptions Small(long seed, int count = 40, string? sheet = null, int parallelism = 2) => new()
    {
        Count = count,
        MaxDegreeOfParallelism = parallelism,
        FracturedRatio = 0.18,
        Seed = seed,
        ContactSheetPath = sheet,
        Radiograph = new SyntheticRadiographOptions { MinSize = 96, MaxSize = 160 },
    };

    private static Dictionary<string, string> Hashes(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .ToDictionary(f => Path.GetRelativePath(directory, f), f => Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f))));

    [Fact]
    public async Task Writes_the_fracatlas_layout_with_exact_counts_and_columns()
    {
        var dir = Path.Combine(root, "a");
        var summary = await new SyntheticDatasetWriter().WriteAsync(dir, Small(5));

        Assert.Equal(40, summary.Count);
        Assert.Equal(7, summary.Fractured); // round(40 × 0.18) = 7
        var lines = File.ReadAllLines(Path.Combine(dir, "dataset.csv"));
        Assert.Equal("image_id,hand,leg,hip,shoulder,mixed,hardware,multiscan,fractured,fracture_count,frontal,lateral,oblique", lines[0]);
        Assert.Equal(41, lines.Length);
        var fracturedFiles = Directory.GetFiles(Path.Combine(dir, "images", "Fractured"), "*.jpg").Select(Path.GetFileName).ToHashSet();
        var normalFiles = Directory.GetFiles(Path.Combine(dir, "images", "Non_fractured"), "*.jpg").Select(Path.GetFileName).ToHashSet();
        Assert.Equal(7, fracturedFiles.Count);
        Assert.Equal(33, normalFiles.Count);

        foreach (var line in lines.Skip(1))
        {
            var cells = line.Split(',');
            Assert.Equal(13, cells.Length);
            Assert.Matches("^IMG[0-9]{7}\\.jpg$", cells[0]);
            var flags = cells.Skip(1).Select(int.Parse).ToArray();
            Assert.Equal(1, flags[0..5].Sum()); // one body part
            Assert.Equal(1, flags[9..12].Sum()); // one view
            Assert.Equal(0, flags[6]); // multiscan
            var fractured = flags[7] == 1;
            Assert.Equal(fractured, flags[8] > 0);
            Assert.Equal(fractured, fracturedFiles.Contains(cells[0]));
            Assert.Equal(!fractured, normalFiles.Contains(cells[0]));
        }
    }

    [Fact]
    public async Task The_same_seed_writes_identical_files_and_another_seed_does_not()
    {
        var a = Path.Combine(root, "a");
        var b = Path.Combine(root, "b");
        var c = Path.Combine(root, "c");
        await new SyntheticDatasetWriter().WriteAsync(a, Small(42, 24));
        await new SyntheticDatasetWriter().WriteAsync(b, Small(42, 24, parallelism: 1));
        await new SyntheticDatasetWriter().WriteAsync(c, Small(43, 24));

        Assert.Equal(Hashes(a), Hashes(b));
        var (hashesA, hashesC) = (Hashes(a), Hashes(c));
        Assert.NotEqual(hashesA["dataset.csv"], hashesC["dataset.csv"]);
        Assert.NotEqual(hashesA, hashesC);
    }

    [Fact]
    public async Task Every_written_image_decodes_through_the_pipeline()
    {
        var dir = Path.Combine(root, "a");
        await new SyntheticDatasetWriter().WriteAsync(dir, Small(8, 20));
        var pipeline = new ImagePipeline(new ImageLimits(), PreprocessOptions.ImageNet(64));

        var files = Directory.GetFiles(Path.Combine(dir, "images"), "*.jpg", SearchOption.AllDirectories);

        Assert.Equal(20, files.Length);
        Assert.All(files, f => Assert.Equal(3 * 64 * 64, pipeline.DecodeAndPreprocess(File.ReadAllBytes(f)).Length));
    }

    [Fact]
    public async Task Writes_a_contact_sheet_with_both_classes_framed_in_their_colours()
    {
        var dir = Path.Combine(root, "a");
        var sheetPath = Path.Combine(root, "sheet.png");
        var summary = await new SyntheticDatasetWriter().WriteAsync(dir, Small(3, 30, sheetPath));

        Assert.Equal(Path.GetFullPath(sheetPath), summary.ContactSheetPath);
        using var sheet = Image.Load<Rgb24>(sheetPath);
        Assert.Equal(4 * (200 + 8 + 6), sheet.Width);
        var colours = new HashSet<Rgb24>();
        for (var y = 0; y < sheet.Height; y++)
        {
            for (var x = 0; x < sheet.Width; x++)
                colours.Add(sheet[x, y]);
        }

        Assert.Contains(new Rgb24(220, 48, 48), colours);
        Assert.Contains(new Rgb24(52, 170, 84), colours);
    }

    [Fact]
    public async Task Refuses_to_overwrite_a_dataset_unless_asked()
    {
        var dir = Path.Combine(root, "a");
        await new SyntheticDatasetWriter().WriteAsync(dir, Small(1, 6));

        await Assert.ThrowsAsync<IOException>(() => new SyntheticDatasetWriter().WriteAsync(dir, Small(1, 6)));
        var options = Small(2, 5);
        options.Overwrite = true;
        var summary = await new SyntheticDatasetWriter().WriteAsync(dir, options);
        Assert.Equal(5, Directory.GetFiles(Path.Combine(dir, "images"), "*.jpg", SearchOption.AllDirectories).Length);
        Assert.Equal(5, summary.Count);
    }

    [Theory]
    [InlineData(1000, 0.18, 180)]
    [InlineData(4083, 0.1756, 717)]
    [InlineData(10, 0.0, 0)]
    [InlineData(10, 1.0, 10)]
    public void Labels_have_exactly_the_requested_share_and_follow_the_seed(int count, double ratio, int fractured)
    {
        var labels = SyntheticDatasetWriter.AssignLabels(count, ratio, seed: 5);
        Assert.Equal(fractured, labels.Count(l => l));
        Assert.Equal(labels, SyntheticDatasetWriter.AssignLabels(count, ratio, seed: 5));
    }

    [Fact]
    public async Task Writes_the_fracture_boxes_of_exactly_the_fractured_images_in_fracatlas_s_three_formats()
    {
        var dir = Path.Combine(root, "a");
        await new SyntheticDatasetWriter().WriteAsync(dir, Small(12, 30));
        var fractured = Directory.GetFiles(Path.Combine(dir, "images", SyntheticDatasetWriter.FracturedFolder)).Select(f => Path.GetFileName(f)!).Order().ToList();

        var coco = FracAtlasAnnotations.ReadCoco(await File.ReadAllTextAsync(Path.Combine(dir, FracAtlasAnnotations.CocoPath)));

        Assert.Equal(fractured, coco.Select(i => i.FileName).Order().ToList());
        foreach (var image in coco)
        {
            Assert.NotEmpty(image.Boxes);
            var voc = FracAtlasAnnotations.ReadVoc(await File.ReadAllTextAsync(Path.Combine(dir, FracAtlasAnnotations.VocPath(image.FileName))), image.FileName);
            var yolo = FracAtlasAnnotations.ReadYolo(
                await File.ReadAllTextAsync(Path.Combine(dir, FracAtlasAnnotations.YoloPath(image.FileName))), image.Width, image.Height, image.FileName);
            Assert.Equal((image.FileName, image.Width, image.Height), (voc.FileName, voc.Width, voc.Height));
            // VOC stores corners (width by subtraction); YOLO six decimals of a fraction of the image: both well under a pixel.
            AssertSameBoxes(image.Boxes, voc.Boxes, 1e-6);
            AssertSameBoxes(image.Boxes, yolo, 0.05);
            Assert.All(image.Boxes, box => Assert.True(box.X >= 0 && box.Y >= 0 && box.Right <= image.Width && box.Bottom <= image.Height, $"{box} outside {image.Width}×{image.Height}"));
        }
    }

    private static void AssertSameBoxes(IReadOnlyList<FractureBox> expected, IReadOnlyList<FractureBox> actual, double tolerance)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var b = 0; b < expected.Count; b++)
        {
            Assert.Equal(expected[b].X, actual[b].X, tolerance);
            Assert.Equal(expected[b].Y, actual[b].Y, tolerance);
            Assert.Equal(expected[b].Width, actual[b].Width, tolerance);
            Assert.Equal(expected[b].Height, actual[b].Height, tolerance);
        }
    }
}
