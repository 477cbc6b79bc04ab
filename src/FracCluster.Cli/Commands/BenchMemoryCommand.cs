using System.Globalization;
using FracCluster.Cli.Benchmarks;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Inference;
using FracCluster.Ml.Models;
using Spectre.Console;
using Spectre.Console.Cli;

namespace FracCluster.Cli.Commands;

/// <summary>
/// `frac bench memory`: runs many images through the inference engine and prints memory every few batches, first
/// against last. Exit code 1 when tensors alive on the device thread grew (a leak), 2 on usage errors, else 0.
/// </summary>
public sealed class BenchMemoryCommand : AsyncCommand<BenchMemorySettings>
{
    // One image in this many is garbage, so the rejection path is part of what is measured.
    private const int PoolSize = 32;

    public override async Task<int> ExecuteAsync(CommandContext context, BenchMemorySettings settings, CancellationToken cancellationToken)
    {
        var options = new InferenceOptions { Device = settings.Device, Threads = settings.Threads, MaxBatchSize = settings.Batch };
        InferenceEngine engine;
        try
        {
            engine = settings.Checkpoint is null ? CreateRandom(settings, options) : InferenceEngine.Load(settings.Checkpoint, options);
        }
        catch (CheckpointException ex)
        {
            CliConsole.WriteError(ex.Message);
            return 1;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            CliConsole.WriteError(ex.Message);
            return 2;
        }

        using (engine)
        {
            var pool = SyntheticImages.Create(PoolSize - 1, settings.ImageSize, settings.ImageSize, seed: 1).Append("not an image"u8.ToArray()).ToArray();
            CliConsole.WriteNote($"Model {engine.Model.VersionLabel} on {engine.Device}, input {engine.Model.Preprocess.Size} px; {settings.Images:N0} images ({settings.ImageSize} px JPEGs, 1 in {PoolSize} unreadable) in batches of {settings.Batch}, sampled every {settings.Every} batches.");
            await engine.WarmUpAsync(cancellationToken);
            var samples = await MemoryBenchmark.RunAsync(engine, pool, settings.Images, settings.Batch, settings.Every,
                s => CliConsole.WriteNote(string.Create(CultureInfo.InvariantCulture, $"  {s.Images,8:N0} images  RSS {s.RssMiB,8:F1} MiB  tensors {s.LiveTensors}")),
                cancellationToken);
            return Render(samples);
        }
    }

    private static InferenceEngine CreateRandom(BenchMemorySettings settings, InferenceOptions options)
    {
        var config = new EfficientNetConfig
        {
            Variant = EfficientNetVariants.Parse(settings.Variant),
            Width = settings.Width,
            Depth = settings.Depth,
            NumClasses = 2,
        };
        var metadata = ModelFactory.CreateMetadata(config, ["fractured", "non_fractured"], positiveClass: 0, PreprocessOptions.ImageNet(settings.Size));
        return new InferenceEngine(new EfficientNet(config), metadata, options);
    }

    private static int Render(IReadOnlyList<MemorySample> samples)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("Batches").RightAligned())
            .AddColumn(new TableColumn("Images").RightAligned())
            .AddColumn(new TableColumn("RSS MiB").RightAligned())
            .AddColumn(new TableColumn("Managed MiB").RightAligned())
            .AddColumn(new TableColumn("Live tensors").RightAligned())
            .AddColumn(new TableColumn("images/s").RightAligned());
        foreach (var s in samples)
        {
            table.AddRow(
                s.Batches.ToString(CultureInfo.InvariantCulture),
                s.Images.ToString("N0", CultureInfo.InvariantCulture),
                s.RssMiB.ToString("F1", CultureInfo.InvariantCulture),
                s.ManagedMiB.ToString("F1", CultureInfo.InvariantCulture),
                s.LiveTensors.ToString(CultureInfo.InvariantCulture),
                s.ImagesPerSecond.ToString("F1", CultureInfo.InvariantCulture));
        }
        AnsiConsole.Write(table);

        var first = samples[0];
        var last = samples[^1];
        var growth = last.RssMiB - first.RssMiB;
        AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
            $"First vs last: RSS {first.RssMiB:F1} → {last.RssMiB:F1} MiB ({growth:+0.0;-0.0} MiB, {100 * growth / first.RssMiB:+0.0;-0.0}%) over {last.Images - first.Images:N0} images; live tensors {first.LiveTensors} → {last.LiveTensors}.");
        // A leak grows at a steady rate; the native heap settling to its working set (FracCluster keeps libtorch's large
        // blocks, see NativeHeap) grows early and then stops. The second half of the run tells the two apart.
        var middle = samples[samples.Count / 2];
        if (samples.Count >= 4)
        {
            var late = last.RssMiB - middle.RssMiB;
            AnsiConsole.MarkupLineInterpolated(CultureInfo.InvariantCulture,
                $"Second half: RSS {middle.RssMiB:F1} → {last.RssMiB:F1} MiB ({late:+0.0;-0.0} MiB, {100 * late / middle.RssMiB:+0.0;-0.0}%) over {last.Images - middle.Images:N0} images.");
        }
        if (last.LiveTensors > first.LiveTensors)
        {
            AnsiConsole.MarkupLine("[red]Tensors accumulate on the device thread: something is not disposed.[/]");
            return 1;
        }
        AnsiConsole.MarkupLine("[green]No tensor outlived its batch.[/]");
        return 0;
    }
}
