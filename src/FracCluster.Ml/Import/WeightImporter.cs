using System.Globalization;
using FracCluster.Imaging;
using FracCluster.Ml.Checkpoints;
using FracCluster.Ml.Models;
using static TorchSharp.torch;

namespace FracCluster.Ml.Import;

/// <summary>
/// Imports torchvision or efficientnet-pytorch state dicts (zip-format torch.save files) into an
/// <see cref="EfficientNet"/> with checkpoint metadata. A 1000-class ImageNet head is replaced by a fresh head for
/// the requested labels unless <see cref="WeightImportOptions.KeepHead"/>; a head that already has as many outputs as
/// there are labels (a fine-tuned checkpoint such as the seed's best_model.pth) is kept with its label order.
/// </summary>
public static class WeightImporter
{
    private static readonly string[] HeadKeys = ["classifier.1.weight", "classifier.1.bias"];

    /// <summary>Imports and saves in one step; returns the metadata as written.</summary>
    public static CheckpointMetadata ImportToCheckpoint(string weightsFile, WeightImportOptions options, string checkpointPath)
    {
        using var result = Import(weightsFile, options);
        return ModelCheckpoint.Save(result.Model, result.Metadata, checkpointPath);
    }

    public static WeightImportResult Import(string weightsFile, WeightImportOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var sourceSha = File.Exists(weightsFile) ? ModelCheckpoint.Sha256Hex(weightsFile) : null;

        // The file's tensors are only read from; the model is created outside any dispose scope because it outlives this call.
        var raw = PyTorchFileReader.ReadStateDict(weightsFile);
        try
        {
            return Import(weightsFile, raw, options, sourceSha);
        }
        finally
        {
            foreach (var tensor in raw.Values)
                tensor.Dispose();
        }
    }

    private static WeightImportResult Import(string weightsFile, Dictionary<string, Tensor> raw, WeightImportOptions options, string? sourceSha)
    {
        var shapes = raw.ToDictionary(kv => kv.Key, kv => kv.Value.shape, StringComparer.Ordinal);
        var guess = VariantGuess.FromShapes(shapes);

        var baseConfig = new EfficientNetConfig
        {
            Variant = options.Variant,
            Width = options.Width,
            Depth = options.Depth,
            Flavor = options.Format == WeightsFormat.EfficientNetPyTorch ? EfficientNetFlavor.EfficientNetPyTorch : EfficientNetFlavor.Torchvision,
            Padding = options.Padding ?? (options.Format == WeightsFormat.EfficientNetPyTorch ? EfficientNetPadding.TfSame : EfficientNetPadding.Symmetric),
            PaddingImageSize = options.PaddingImageSize,
        };

        var names = options.Format == WeightsFormat.EfficientNetPyTorch ? new EfficientNetPyTorchNames(baseConfig) : null;
        var weights = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var displayNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, tensor) in raw)
        {
            // A key this configuration cannot place keeps its own name, so it is reported as unexpected.
            var target = names is null ? key : names.ToTorchvision(key) ?? key;
            weights[target] = tensor;
            displayNames[target] = key;
        }

        var sourceClasses = weights.TryGetValue(HeadKeys[0], out var head) && head.shape.Length == 2 ? (int?)head.shape[0] : null;
        var (classNames, keepHead) = ResolveHead(options, sourceClasses);
        var config = baseConfig with { NumClasses = classNames.Count };
        var positiveClass = ResolvePositiveClass(options, classNames);

        var model = new EfficientNet(config);
        try
        {
            string Display(string key) => displayNames.TryGetValue(key, out var original)
                ? original
                : names?.ToEfficientNetPyTorch(key) ?? key;

            StateDictLoader.Load(
                model,
                keepHead ? weights : weights.Where(kv => !HeadKeys.Contains(kv.Key)).ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal),
                ModelFactory.Describe(config),
                Display,
                _ => SuggestVariant(guess, config),
                keepHead ? null : new HashSet<string>(HeadKeys, StringComparer.Ordinal),
                Hint(options.Format, raw.Keys, guess, config));
            model.eval();

            var metadata = ModelFactory.CreateMetadata(config, classNames, positiveClass, PreprocessOptions.ImageNet(options.InputSize)) with
            {
                SourceWeightsSha256 = sourceSha,
                Training = new Dictionary<string, string>
                {
                    ["source"] = "import",
                    ["sourceFile"] = Path.GetFileName(weightsFile),
                    ["sourceFormat"] = options.Format == WeightsFormat.EfficientNetPyTorch ? "efficientnet-pytorch" : "torchvision",
                    ["head"] = keepHead ? "kept" : "replaced",
                    ["sourceClasses"] = sourceClasses?.ToString(CultureInfo.InvariantCulture) ?? "none",
                },
            };
            return new WeightImportResult(model, metadata, !keepHead, sourceClasses);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static (IReadOnlyList<string> ClassNames, bool KeepHead) ResolveHead(WeightImportOptions options, int? sourceClasses)
    {
        var labels = options.ClassNames ?? WeightImportOptions.FractureLabels;
        if (labels.Count == 0)
            throw new ArgumentException("At least one class name is needed.", nameof(options));
        if (labels.Distinct(StringComparer.Ordinal).Count() != labels.Count)
            throw new ArgumentException($"Class names must be distinct: {string.Join(", ", labels)}.", nameof(options));
        if (sourceClasses is null)
            return (labels, false);
        if (sourceClasses == labels.Count)
            return (labels, true);
        if (!options.KeepHead)
            return (labels, false);
        if (options.ClassNames is not null)
            throw new ArgumentException($"--keep-head keeps the file's {sourceClasses} outputs but {labels.Count} label(s) were given; give {sourceClasses} labels or none.", nameof(options));
        return (Enumerable.Range(0, sourceClasses.Value).Select(i => $"class_{i}").ToList(), true);
    }

    private static int ResolvePositiveClass(WeightImportOptions options, IReadOnlyList<string> classNames)
    {
        for (var i = 0; i < classNames.Count; i++)
        {
            if (string.Equals(classNames[i], options.PositiveLabel, StringComparison.OrdinalIgnoreCase))
                return i;
        }
        // Generated ImageNet labels have no fracture class; any user-named label set must contain the positive label.
        if (options.ClassNames is not null)
            throw new ArgumentException($"The positive label '{options.PositiveLabel}' is not among the class names ({string.Join(", ", classNames)}).", nameof(options));
        return 0;
    }

    private static string? SuggestVariant(VariantGuess guess, EfficientNetConfig config)
    {
        var variant = guess.Variant;
        return variant is not null && (variant != config.Variant || config.Width is not null || config.Depth is not null)
            ? variant.Value.ToName()
            : null;
    }

    private static string? Hint(WeightsFormat format, IEnumerable<string> keys, VariantGuess guess, EfficientNetConfig config)
    {
        var formatHint = FormatHint(format, keys);
        if (formatHint is not null)
            return formatHint;
        if (guess.Variant is null && guess.StemChannels is not null && (config.StemChannels != guess.StemChannels || config.BlockCount != guess.BlockCount))
            return $"The file has {guess}, which is no standard B0…B7 network; a scaled network needs its --width and --depth.";
        return null;
    }

    private static string? FormatHint(WeightsFormat format, IEnumerable<string> keys)
    {
        var list = keys.ToList();
        var looksEfficientNetPyTorch = list.Any(k => k.StartsWith("_conv_stem.", StringComparison.Ordinal) || k.StartsWith("_blocks.", StringComparison.Ordinal));
        var looksTorchvision = list.Any(k => k.StartsWith("features.", StringComparison.Ordinal));
        return format switch
        {
            WeightsFormat.Torchvision when looksEfficientNetPyTorch && !looksTorchvision =>
                "The file uses efficientnet-pytorch names (_conv_stem, _blocks.N…): use --format efficientnet-pytorch.",
            WeightsFormat.EfficientNetPyTorch when looksTorchvision && !looksEfficientNetPyTorch =>
                "The file uses torchvision names (features.N…): use --format torchvision.",
            _ => null,
        };
    }
}
