using Spectre.Console.Cli;

namespace FracCluster.Cli;

/// <summary>The `frac` command tree. Each command lives in Commands/ with its settings class beside it.</summary>
public static class FracApp
{
    /// <summary>
    /// Runs the command line. Bad command lines (unknown option, failed settings validation) are usage errors with exit
    /// code 2 and a one-line message: with PropagateExceptions they would otherwise end the process with a stack trace.
    /// </summary>
    /// <remarks>
    /// Ctrl-C and SIGTERM cancel the token every command gets (see <see cref="StopSignals"/>); a command that stops
    /// because of it exits with 130 (SIGINT) or 143 (SIGTERM), as a shell expects of a process ended by that signal.
    /// </remarks>
    public static async Task<int> RunAsync(string[] args)
    {
        using var signals = new StopSignals();
        return await RunAsync(args, signals.Token, () => signals.Received);
    }

    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken, Func<System.Runtime.InteropServices.PosixSignal?>? received = null)
    {
        try
        {
            return await Build().RunAsync(args, cancellationToken);
        }
        catch (CommandAppException ex)
        {
            CliConsole.WriteError(ex.Message);
            return 2;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CliConsole.WriteNote("stopped");
            return received?.Invoke() == System.Runtime.InteropServices.PosixSignal.SIGTERM ? 143 : 130;
        }
    }

    public static CommandApp Build()
    {
        var app = new CommandApp();
        app.Configure(config =>
        {
            config.SetApplicationName("frac");
            config.PropagateExceptions();
            config.ValidateExamples();
            Register(config);
        });
        return app;
    }

    private static void Register(IConfigurator config)
    {
        config.AddCommand<Commands.VersionCommand>("version").WithDescription("Print versions of FracCluster, TorchSharp and libtorch.");
        // Commands register here, one line each, grouped by area.
        config.AddBranch("dataset", dataset =>
        {
            dataset.SetDescription("Look at datasets: folders, blob:PREFIX or az://CONTAINER/PREFIX.");
            dataset.AddCommand<Commands.DatasetInspectCommand>("inspect")
                .WithDescription("Counts per class and body part, image sizes, unreadable files with reasons, exact duplicates.")
                .WithExample("dataset", "inspect", "data/FracAtlas");
        });
        // Training
        config.AddCommand<Commands.TrainCommand>("train")
            .WithDescription("Train on a dataset: split, linear probe (default) or fine-tune, best epoch by validation accuracy, test, report.")
            .WithExample("train", "--local", "--data", "data/FracAtlas", "--weights", "models/b6-imagenet", "--out", "runs/b6-probe")
            .WithExample("train", "--cluster", "http://localhost:5080", "--data", "blob:datasets/FracAtlas", "--weights", "models/b6-imagenet", "--publish", "--out", "runs/cluster-1");
        config.AddBranch("runs", runs =>
        {
            runs.SetDescription("Cluster training runs.");
            runs.AddCommand<Commands.RunsGetCommand>("get")
                .WithDescription("Download a run's record and artifacts (report.md, metrics.jsonl, plots, TensorBoard events, best checkpoint).")
                .WithExample("runs", "get", "run-20261125-230000-0123456789", "--api", "http://localhost:5080", "--out", "runs/cluster-1");
        });
        config.AddCommand<Commands.EvaluateCommand>("evaluate")
            .WithDescription("Score a checkpoint on a split of a dataset: accuracy, sensitivity, specificity, ROC-AUC, thresholds.")
            .WithExample("evaluate", "--checkpoint", "runs/b6-probe/best", "--data", "data/FracAtlas", "--split", "test");
        // Model weights
        config.AddCommand<Commands.ImportWeightsCommand>("import-weights").WithDescription("Import a PyTorch state dict (torchvision or efficientnet-pytorch names) into a checkpoint.")
            .WithExample("import-weights", "best_model.pth", "--format", "efficientnet-pytorch", "--variant", "b6", "--labels", "fractured,non_fractured", "--out", "models/seed-b6");
        config.AddCommand<Commands.VerifyImportCommand>("verify-import").WithDescription("Compare a checkpoint's logits with a PyTorch reference {input, logits}; exit 0 at max |diff| <= 1e-4.")
            .WithExample("verify-import", "--checkpoint", "models/seed-b6", "--reference", "ref.pth");
        config.AddCommand<Commands.SynthCommand>("synth")
            .WithDescription("Write a synthetic FracAtlas-layout dataset of radiograph-like JPEGs (deterministic per seed).")
            .WithExample("synth", "--out", "data/synth", "--count", "1000", "--fractured-ratio", "0.18", "--seed", "1", "--contact-sheet", "data/synth/sheet.png");
        // Inference and benchmarks
        config.AddCommand<Commands.PredictCommand>("predict")
            .WithDescription("Classify image files or folders with a checkpoint: a table (or --json lines) of probability, label and ms per file. Exit 0 when the run completes, 2 on usage errors, 1 when the checkpoint cannot be loaded.")
            .WithExample("predict", "--checkpoint", "models/b6-fracatlas", "scans/");
        // Cluster
        config.AddCommand<Commands.StreamCommand>("stream")
            .WithDescription("Scanner simulator: send a folder of images as K scanners at R images/s to the cluster (HTTP API, or --orleans), then print sent, results, rejected, expired, lost, duplicates, throughput and latency p50/p95/p99. Exit 1 if anything was lost or duplicated.")
            .WithExample("stream", "scans/", "--rate", "20", "--scanners", "5", "--api", "http://localhost:5080");
        config.AddCommand<Commands.DemoCommand>("demo")
            .WithDescription("The whole story on the embedded default: start a silo in this process, train a small model on synthetic radiographs (unless --checkpoint), load it on the model grains, stream the held-out scans as scanners, print results and the summary, serve until Ctrl-C.")
            .WithExample("demo")
            .WithExample("demo", "--no-serve", "--port", "5090");
        config.AddBranch("dicom", dicom =>
        {
            dicom.SetDescription("DICOM without dcmtk: send instances by C-STORE, receive them (e.g. the reports a silo sends back).");
            dicom.AddCommand<Commands.DicomSendCommand>("send")
                .WithDescription("Send Part 10 files by C-STORE over one association, each in its own transfer syntax; one line per file with the peer's status.")
                .WithExample("dicom", "send", "scans/", "--to", "localhost:11112", "--ae", "FRACCLUSTER", "--calling-ae", "STORESCU");
            dicom.AddCommand<Commands.DicomListenCommand>("listen")
                .WithDescription("A tiny store SCP: writes every instance it receives to DIR as a Part 10 file, until Ctrl-C.")
                .WithExample("dicom", "listen", "--port", "11113", "--out", "pacs/");
        });
        config.AddBranch("bench", bench =>
        {
            bench.SetDescription("Benchmarks that print a table (not timed tests).");
            bench.AddCommand<Commands.BenchTrainCommand>("train")
                .WithDescription("Cost of the cached-feature linear probe against one backbone pass and against the original per-epoch method.")
                .WithExample("bench", "train", "--variant", "b6", "--images", "200", "--size", "224");
            bench.AddCommand<Commands.BenchModelCommand>("model")
                .WithDescription("Images/s of the EfficientNet forward pass; --compare-pytorch adds torchvision in the system's PyTorch on the same batch and threads.")
                .WithExample("bench", "model", "--variant", "b6", "--batch", "16", "--size", "224", "--threads", "2", "--compare-pytorch");
            bench.AddCommand<Commands.BenchMemoryCommand>("memory")
                .WithDescription("Runs many images through the inference engine and prints RSS and live tensors every few batches, first vs last (exit 1 if tensors leak).")
                .WithExample("bench", "memory", "--variant", "b0", "--images", "10000", "--every", "50");
            bench.AddCommand<Commands.BenchHeatmapCommand>("heatmap")
                .WithDescription("Cost per image of forward vs forward + Grad-CAM (+ PNG overlay) on the inference engine at batch 1 and 16, then classification latency of a stream through an embedded silo with heatmaps off vs on for every scan.")
                .WithExample("bench", "heatmap", "--variant", "b0", "--batch", "1,16", "--stream", "96");
            bench.AddCommand<Commands.BenchClusterCommand>("cluster")
                .WithDescription("Images/s end to end through an embedded silo (API, stream, batcher, model grain, result) next to the raw InferenceEngine, latency at 25/50/90 % of capacity, batch-size histogram.")
                .WithExample("bench", "cluster", "--variant", "b0", "--width", "0.5", "--depth", "0.3", "--size", "96", "--images", "256");
        });
    }
}
