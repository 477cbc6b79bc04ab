using System.Globalization;
using System.Security.Cryptography;
using FracCluster.Imaging;
using FracCluster.Ml.Data;
using FracCluster.Ml.Models;
using FracCluster.Ml.Training;
using FracCluster.Imaging.Synthetic;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace FracCluster.Cli.Commands;

/// <summary>
/// <c>frac bench train</c>: on the same synthetic images and backbone, (a) one backbone pass, (b) the cached-feature
/// linear probe end to end, (c) the original method measured for a few epochs and extrapolated. Prints a table.
/// </summary>
public sealed class BenchTrainCommand : AsyncCommand<BenchTrainSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchTrainSettings settings, CancellationToken cancellationToken)
    {
        var variant = EfficientNetVariants.Parse(settings.Variant);
        var config = new EfficientNetConfig { Variant = variant, Width = settings.Width, Depth = settings.Depth, NumClasses = 2 };
        var images = BenchImages.Create(settings.Images, settings.Size, seed: 1234);
        var data = new TrainingDataset(images.Entries, BenchImages.Classes, 0, images.ReadAsync);
        var options = new TrainingOptions { Epochs = settings.Epochs, BatchSize = settings.Batch, Seed = 1, Device = settings.Device };
        var benchmark = new TrainingBenchmark(() =>
        {
            torch.random.manual_seed(1);
            return new EfficientNet(config);
        }, data, PreprocessOptions.ImageNet(settings.Size), options);

        var work = Path.Combine(Path.GetTempPath(), "frac-bench-" + Guid.NewGuid().ToString("N"));
        try
        {
            AnsiConsole.MarkupLineInterpolated($"EfficientNet-{variant.ToName()}{(settings.Width is null && settings.Depth is null ? "" : $" (width {settings.Width}, depth {settings.Depth})")}, {settings.Images} synthetic images at {settings.Size}×{settings.Size}, {settings.Epochs} epochs, batch {settings.Batch}, {settings.Device}, {torch.get_num_threads()} torch threads");
            var stage = new Progress<string>(s => AnsiConsole.MarkupLineInterpolated($"[grey]running {s}…[/]"));
            var r = await benchmark.RunAsync(work, settings.MeasureEpochs, stage, cancellationToken);
            Print(r);
            return 0;
        }
        finally
        {
            if (Directory.Exists(work))
                Directory.Delete(work, recursive: true);
        }
    }

    private static void Print(TrainingBenchmarkResult r)
    {
        var table = new Table().Title("Training cost").AddColumns("part", "seconds", "ratio", "target");
        table.Columns[1].RightAligned();
        table.Columns[2].RightAligned();
        table.AddRow("(a) one backbone pass over all images", S(r.BackbonePassSeconds), "1.00", "");
        table.AddRow($"(b) linear probe, {r.Epochs} epochs end to end [grey](extraction {S(r.LinearProbeExtractionSeconds)} s, the rest {S(r.LinearProbeSeconds - r.LinearProbeExtractionSeconds)} s)[/]", S(r.LinearProbeSeconds), X(r.ProbeOverBackbone) + " of (a)", "≤ 1.15 × (a)" + Mark(r.ProbeOverBackbone <= 1.15));
        table.AddRow(
            $"(c) original method, {r.Epochs} epochs [yellow](extrapolated from {r.OriginalMeasuredEpochs} measured: {S(r.OriginalSecondsPerEpoch)} s/epoch)[/]",
            S(r.OriginalExtrapolatedSeconds),
            X(r.OriginalOverProbe) + " of (b)",
            "(c)/(b) ≥ 15" + Mark(r.OriginalOverProbe >= 15));
        AnsiConsole.Write(table);
    }

    private static string Mark(bool ok) => ok ? " [green]met[/]" : " [red]missed[/]";

    private static string S(double seconds) => seconds.ToString("0.00", CultureInfo.InvariantCulture);

    private static string X(double ratio) => ratio.ToString("0.00", CultureInfo.InvariantCulture) + "×";

    /// <summary>The synthetic radiographs of <c>frac synth</c>, encoded in memory, split 80/10/10 with both classes in each split.</summary>
    private sealed class BenchImages
    {
        public static readonly string[] Classes = ["fractured", "non_fractured"];

        private readonly Dictionary<string, byte[]> _files = new(StringComparer.Ordinal);

        public List<ManifestEntry> Entries { get; } = [];

        public static BenchImages Create(int count, int size, int seed)
        {
            var set = new BenchImages();
            // Stored larger than the input, as real scans are, so decoding and resizing are part of the measured work.
            var generator = new SyntheticRadiographGenerator(new SyntheticRadiographOptions { MinSize = Math.Max(64, size), MaxSize = Math.Max(64, size * 2) });
            for (var i = 0; i < count; i++)
            {
                var fractured = i % 2 == 0;
                var slot = i / 2 % 10;
                var split = slot < 8 ? SplitName.Train : slot == 8 ? SplitName.Validation : SplitName.Test;
                using var radiograph = generator.Generate(SyntheticRadiographGenerator.ImageSeed(seed, i), fractured);
                var bytes = radiograph.EncodeJpeg(generator.Options.JpegQuality);
                var label = fractured ? Classes[0] : Classes[1];
                var path = FormattableString.Invariant($"{label}/{i:00000}.jpg");
                set._files[path] = bytes;
                set.Entries.Add(new ManifestEntry(path, Convert.ToHexStringLower(SHA256.HashData(bytes)), label, split));
            }
            return set;
        }

        public Task<byte[]> ReadAsync(string path, CancellationToken cancellationToken) => Task.FromResult(_files[path]);
    }
}
