using System.Globalization;
using FracCluster.Cli.Benchmarks;
using FracCluster.Ml.Models;
using FracCluster.Ml.Torch;
using Microsoft.ML.OnnxRuntime;
using Spectre.Console;
using Spectre.Console.Cli;
using TorchSharp;

namespace FracCluster.Cli.Commands;

/// <summary>
/// `frac bench model`: images/s of the EfficientNet forward pass in TorchSharp as the inference engine runs it and, with
/// --compare-onnxruntime, of an exported model in ONNX Runtime, passes alternating on the same batch; with --steps also
/// TorchSharp without the serving rewrites (the model as trained); with --compare-pytorch, torchvision's in the system's PyTorch afterwards
/// (a separate process, never at the same time). One table for every batch size, with ratios.
/// </summary>
public sealed class BenchModelCommand : AsyncCommand<BenchModelSettings>
{
    private const string EngineColumn = "TorchSharp";
    private const string OnnxRuntimeColumn = "ONNX Runtime";
    private const string PyTorchColumn = "PyTorch";

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
        var batches = settings.Batches;
        CliConsole.WriteNote($"EfficientNet-{variant} ({ModelDescription(config)}), batch {string.Join(" and ", batches)} ×3×{settings.Size}×{settings.Size}, {threads} threads, {settings.WarmUp} warm-up + {settings.Iterations} timed passes per engine on {device}");

        var pytorchScript = settings.ComparePyTorch ? PyTorchForwardBenchmark.FindScript() : null;
        if (settings.ComparePyTorch && pytorchScript is null)
            CliConsole.WriteNote($"{PyTorchForwardBenchmark.ScriptName} not found beside the binary or under ./bench: PyTorch not compared.");

        var results = new List<ForwardBenchmarkResult>();
        foreach (var batch in batches)
        {
            var input = BenchmarkInput.Create(batch, settings.Size);
            try
            {
                results.AddRange(RunInProcess(config, input, device, threads, settings, cancellationToken));
            }
            catch (OnnxRuntimeException ex)
            {
                CliConsole.WriteError($"ONNX Runtime could not run {settings.CompareOnnxRuntime}: {ex.Message}");
                return 1;
            }
            if (pytorchScript is not null)
            {
                var (result, problem) = await PyTorchForwardBenchmark.RunAsync(
                    settings.Python, pytorchScript, variant.ToName(), batch, settings.Size, threads, settings.WarmUp, settings.Iterations, cancellationToken);
                if (result is not null)
                    results.Add(result);
                else
                    CliConsole.WriteNote($"PyTorch not compared at batch {batch}: {problem}");
            }
        }

        Render(results);
        return 0;
    }

    private static IReadOnlyList<ForwardBenchmarkResult> RunInProcess(
        EfficientNetConfig config, BenchmarkInput input, torch.Device device, int threads, BenchModelSettings settings, CancellationToken cancellationToken)
    {
        var runners = new List<IForwardRunner>();
        try
        {
            runners.Add(new TorchSharpForwardRunner(config, input, device, InferenceOptimisations.All, EngineColumn));
            if (settings.Steps)
            {
                runners.Add(new TorchSharpForwardRunner(config, input, device, InferenceOptimisations.None, "TorchSharp, as trained"));
            }
            if (settings.CompareOnnxRuntime is { } onnx)
                runners.Add(new OnnxRuntimeForwardRunner(onnx, input, threads));
            return AlternatingForwardBenchmark.Run(runners, input, settings.WarmUp, settings.Iterations, cancellationToken);
        }
        finally
        {
            foreach (var runner in runners)
                runner.Dispose();
        }
    }

    private static string ModelDescription(EfficientNetConfig config) =>
        string.Create(CultureInfo.InvariantCulture, $"width {config.WidthMultiplier}, depth {config.DepthMultiplier}, {config.HeadChannels} features");

    private static void Render(List<ForwardBenchmarkResult> results)
    {
        var hasOnnxRuntime = results.Any(r => r.Engine == OnnxRuntimeColumn);
        var hasPyTorch = results.Any(r => r.Engine == PyTorchColumn);
        var table = new Table().Border(TableBorder.Rounded)
            .AddColumn(new TableColumn("Batch").RightAligned())
            .AddColumn("Engine")
            .AddColumn(new TableColumn("Threads").RightAligned())
            .AddColumn(new TableColumn("images/s").RightAligned())
            .AddColumn(new TableColumn("ms/batch").RightAligned())
            .AddColumn(new TableColumn("best ms").RightAligned());
        if (hasOnnxRuntime)
            table.AddColumn(new TableColumn("vs ONNX Runtime").RightAligned());
        if (hasPyTorch)
            table.AddColumn(new TableColumn("vs PyTorch").RightAligned());
        foreach (var r in results)
        {
            var cells = new List<string>
            {
                Invariant(r.Batch),
                r.Engine,
                Invariant(r.Threads),
                r.ImagesPerSecond.ToString("F2", CultureInfo.InvariantCulture),
                r.MeanMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
                r.BestMilliseconds.ToString("F1", CultureInfo.InvariantCulture),
            };
            if (hasOnnxRuntime)
                cells.Add(Ratio(r, results, OnnxRuntimeColumn));
            if (hasPyTorch)
                cells.Add(Ratio(r, results, PyTorchColumn));
            table.AddRow([.. cells.Select(Markup.Escape)]);
        }
        table.Caption(Markup.Escape(string.Join(" · ", results.DistinctBy(r => r.Engine).Select(r => $"{r.Engine} {r.Version}"))));
        AnsiConsole.Write(table);
    }

    // Against the anchor engine's result at the same batch size; above 1× is faster.
    private static string Ratio(ForwardBenchmarkResult result, List<ForwardBenchmarkResult> results, string anchorEngine)
    {
        var anchor = results.FirstOrDefault(a => a.Engine == anchorEngine && a.Batch == result.Batch);
        return anchor is null ? "-" : (result.ImagesPerSecond / anchor.ImagesPerSecond).ToString("F2", CultureInfo.InvariantCulture) + "×";
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);
}
