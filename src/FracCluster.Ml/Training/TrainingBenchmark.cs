using System.Diagnostics;
using FracCluster.Imaging;
using FracCluster.Ml.Data;
using FracCluster.Ml.Models;
using FracCluster.Ml.Torch;
using FracCluster.Storage;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Training;

/// <summary>
/// Measures what the cached-feature linear probe saves, on the same images and the same backbone: see
/// <see cref="TrainingBenchmarkResult"/>. Each part gets a freshly built model so none inherits another's state.
/// </summary>
public sealed class TrainingBenchmark
{
    private readonly Func<FeatureClassifier> _createModel;
    private readonly TrainingDataset _data;
    private readonly PreprocessOptions _preprocess;
    private readonly TrainingOptions _options;

    public TrainingBenchmark(Func<FeatureClassifier> createModel, TrainingDataset data, PreprocessOptions preprocess, TrainingOptions options)
    {
        _createModel = createModel;
        _data = data;
        _preprocess = preprocess;
        _options = options with { Resume = false };
    }

    /// <param name="workFolder">Scratch space for run state and the (initially empty) feature cache.</param>
    /// <param name="originalEpochs">Epochs of the original method actually run (1–2 is enough to extrapolate).</param>
    public async Task<TrainingBenchmarkResult> RunAsync(string workFolder, int originalEpochs, IProgress<string>? stage = null, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(originalEpochs, 1);
        var device = TorchRuntime.ParseDevice(_options.Device);
        var decoder = new ImageBatchDecoder(new ImagePipeline(new ImageLimits(), _preprocess), _data.ReadAsync, _options.DecodeParallelism);

        stage?.Report("(a) one backbone pass");
        double backboneSeconds;
        using (var model = _createModel())
        {
            model.to(device);
            LinearProbeStrategy.Freeze(model);
            var extractor = new FeatureExtractor(model, device, decoder, null, _options.InferenceBatchSize);
            // Warm-up on each batch shape the pass will use (full batches and the last partial one): libtorch sets up
            // kernels per input shape on first use, a one-off that must not be billed to whichever part runs first.
            await WarmUpAsync(extractor, cancellationToken);
            var sw = Stopwatch.StartNew();
            await extractor.ExtractAsync(_data.Entries, null, cancellationToken);
            backboneSeconds = sw.Elapsed.TotalSeconds;
        }

        stage?.Report($"(b) linear probe, {_options.Epochs} epochs");
        double probeSeconds;
        double probeExtractionSeconds;
        using (var model = _createModel())
        {
            model.to(device);
            model.eval();
            // The same warm-up as (a), without a cache, so (b) is not billed for a cold start (a) was spared.
            await WarmUpAsync(new FeatureExtractor(model, device, decoder, null, _options.InferenceBatchSize), cancellationToken);
            var sw = Stopwatch.StartNew();
            var probe = await new Trainer(_options with { Mode = TrainingMode.LinearProbe }).RunAsync(
                model, _data, _preprocess, new FileBlobStore(Path.Combine(workFolder, "probe-run")), new FileBlobStore(Path.Combine(workFolder, "probe-cache")), null, cancellationToken);
            probeSeconds = sw.Elapsed.TotalSeconds;
            probeExtractionSeconds = probe.FeatureExtractionSeconds;
        }

        stage?.Report($"(c) original method, {originalEpochs} measured epoch(s)");
        double perEpoch;
        using (var model = _createModel())
        {
            var result = await new Trainer(_options with { Mode = TrainingMode.FineTune, Epochs = originalEpochs }).RunAsync(
                model, _data, _preprocess, new FileBlobStore(Path.Combine(workFolder, "original-run")), null, null, cancellationToken);
            perEpoch = result.History.Average(h => h.Seconds);
        }

        return new TrainingBenchmarkResult
        {
            Images = _data.Entries.Count,
            Epochs = _options.Epochs,
            BackbonePassSeconds = backboneSeconds,
            LinearProbeSeconds = probeSeconds,
            LinearProbeExtractionSeconds = probeExtractionSeconds,
            OriginalMeasuredEpochs = originalEpochs,
            OriginalSecondsPerEpoch = perEpoch,
        };
    }

    private async Task WarmUpAsync(FeatureExtractor extractor, CancellationToken cancellationToken)
    {
        var batch = _options.InferenceBatchSize;
        await extractor.ExtractAsync(_data.Entries.Take(batch).ToList(), null, cancellationToken);
        var rest = _data.Entries.Count % batch;
        if (rest > 0 && _data.Entries.Count > batch)
            await extractor.ExtractAsync(_data.Entries.Take(rest).ToList(), null, cancellationToken);
    }
}
