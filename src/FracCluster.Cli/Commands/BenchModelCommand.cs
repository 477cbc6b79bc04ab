using System.Globalization;
using FracCluster.Cli.Benchmarks;
using FracCluster.Ml.Models;
using FracCluster.Ml.Torch;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace FracCluster.Cli.Commands;

/// <summary>
/// `frac bench model`: images/s of the EfficientNet forward pass in TorchSharp and, with --compare-pytorch, of
/// torchvision's in the system's PyTorch on the same batch, size and threads, one after the other (never at once, so
/// they do not compete for cores). Prints one table with the ratio.
/// </summary>
public sealed class BenchModelCommand : AsyncCommand<BenchModelSettings>
{
    public override async Task<int> ExecuteAsync(CommandContext context, BenchModelSettings settings, CancellationToken cancellationToken)
    {
        torch.Device device;
        try
        {
            device = TorchRuntime.ParseDevice(settings.Device);
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            CliConsole.WriteError(ex.Message);
            return 2;
        }
        TorchRuntime.ConfigureThreads(settings.Threads);
        var threads = torch.get_num_threads();
        var variant = EfficientNetVariants.Parse(settings.Variant);
        var config = EfficientNetConfig.Torchvision(variant);
        CliConsole.WriteNote($"EfficientNet-{variant} ({ModelDescription(config)}), batch {settings.Batch}×3×{settings.Size}×{settings.Size}, {threads} threads, {settings.WarmUp} warm-up + {settings.Iterations} timed passes on {device}");

        var results = new List<ForwardBenchmarkResult>
        {
            TorchSharpForwardBenchmark.Run(config, settings.Batch, settings.Size, settings.WarmUp, settings.Iterations, device, cancellationToken),
        };

        if (settings.ComparePyTorch)
        {
            var script = PyTorchForwardBenchmark.FindScript();
            if (script is null)
            {
                CliConsole.WriteNote($"{PyTorchForwardBenchmark.ScriptName} not found beside the binary or under ./bench: PyTorch not compared.");
            }
            else
            {
                var (result, problem) = await PyTorchForwardBenchmark.RunAsync(
                    settings.Python, script, variant.ToName(), settings.Batch, settings.Size, threads, settings.WarmUp, settings.Iterations, cancellationToken);
                if (result is not null)
                    results.Add(result);
                else
                    CliConsole.WriteNote($"PyTorch not compared: {problem}");
            }
        }

        Render(results);
        return 0;
    }

    private static string ModelDescription(EfficientNetConfig config) =>
        string.Create(CultureInfo.InvariantCulture, $"width {config.WidthMultiplier}, depth {config.DepthMultiplier}, {config.HeadChannels} features");

    private static void Render(List<ForwardBenchmarkResult> results)
    {
        var pytorch = results.FirstOrDefault(r => r.Engine == "PyTorch");
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn("Engine")
            .AddColumn(new TableColumn("Threads").RightAligned())
            .AddColumn(new TableColumn("images/s").RightAligned())
            .AddColumn(new TableColumn("ms/batch").RightAligned())
            .AddColumn(new TableColumn("best ms").RightAligned())
            .AddColumn(new TableColumn("vs PyTorch").RightAligned());
        foreach (var r in results)
        {
            var ratio = pytorch is null ? "-" : (r.ImagesPerSecond / pytorch.ImagesPerSecond).ToString("F2", CultureInfo.InvariantCulture) + "×";
            table.AddRow(
                r.Engine,
                Invariant(r.Threads),
                r.ImagesPerSecond.ToString("F2", CultureInfo.InvariantCulture),
                r.MeanMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                r.BestMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                ratio);
        }
        table.Caption(Markup.Escape(string.Join(" · ", results.Select(r => $"{r.Engine} {r.Version}"))));
        AnsiConsole.Write(table);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
