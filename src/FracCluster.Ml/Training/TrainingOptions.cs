namespace FracCluster.Ml.Training;

/// <summary>
/// Training settings. The defaults reproduce the original method: batch 16, cross-entropy, Adam lr 0.001, 20 epochs,
/// best model by validation accuracy, then the test split scored with that best model.
/// </summary>
public sealed record TrainingOptions
{
    public TrainingMode Mode { get; init; } = TrainingMode.LinearProbe;

    public int Epochs { get; init; } = 20;

    public int BatchSize { get; init; } = 16;

    public double LearningRate { get; init; } = 0.001;

    public LearningRateSchedule LearningRateSchedule { get; init; } = LearningRateSchedule.Constant;

    /// <summary>Seeds shuffling (seed + epoch) and dropout (re-seeded at the start of every epoch), so a resumed run matches.</summary>
    public int Seed { get; init; } = 42;

    /// <summary>Fine-tune only: train just the last K top-level backbone blocks (and the head); null = all layers.</summary>
    public int? TrainLastBlocks { get; init; }

    /// <summary>
    /// Weights the loss by inverse class frequency of the train split (N / (classes × count)). Off by default to stay
    /// with the original method; worth trying on FracAtlas, which is about 82 % non-fractured.
    /// </summary>
    public bool ClassWeightedLoss { get; init; }

    /// <summary>The sensitivity the second reported threshold must reach on the test split.</summary>
    public double TargetSensitivity { get; init; } = 0.95;

    /// <summary>Batch size of backbone passes (feature extraction, evaluation); larger is faster where memory allows.</summary>
    public int InferenceBatchSize { get; init; } = 32;

    /// <summary>Images decoded at once on the CPU.</summary>
    public int DecodeParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>
    /// Fine-tune mode: memory for decoded images kept across epochs (0 = decode every epoch). An image at 224 px takes
    /// 588 KiB, at 96 px 108 KiB; images beyond the budget are decoded every epoch as before.
    /// </summary>
    public int DecodedImageCacheMegabytes { get; init; }

    /// <summary>"cpu" or "cuda:N".</summary>
    public string Device { get; init; } = "cpu";

    /// <summary>
    /// Fine-tune mode: flip training images at random horizontally and vertically, drawn from (seed, epoch, batch) so
    /// runs and resumes repeat. Off by default, as in the original method.
    /// </summary>
    public bool FlipAugmentation { get; init; }

    /// <summary>
    /// Fine-tune mode: move training images by up to this many pixels each way at random (edges repeated), drawn from
    /// (seed, epoch, batch) like the flips. 0 (default) is off, as in the original method.
    /// </summary>
    public int ShiftAugmentationPixels { get; init; }

    /// <summary>Continue after the last completed epoch found in the run's state, if any.</summary>
    public bool Resume { get; init; }

    public void Validate()
    {
        if (Epochs < 1)
            throw new ArgumentOutOfRangeException(nameof(Epochs), Epochs, "At least one epoch is needed.");
        if (BatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(BatchSize), BatchSize, "The batch size must be positive.");
        if (InferenceBatchSize < 1)
            throw new ArgumentOutOfRangeException(nameof(InferenceBatchSize), InferenceBatchSize, "The inference batch size must be positive.");
        if (!(LearningRate > 0) || double.IsInfinity(LearningRate))
            throw new ArgumentOutOfRangeException(nameof(LearningRate), LearningRate, "The learning rate must be a positive number.");
        if (TrainLastBlocks is < 0)
            throw new ArgumentOutOfRangeException(nameof(TrainLastBlocks), TrainLastBlocks, "The number of trainable blocks cannot be negative.");
        if (TrainLastBlocks is not null && Mode != TrainingMode.FineTune)
            throw new ArgumentException("TrainLastBlocks applies to fine-tune mode only.", nameof(TrainLastBlocks));
        if (FlipAugmentation && Mode != TrainingMode.FineTune)
            throw new ArgumentException("Flip augmentation applies to fine-tune mode only (the linear probe trains on cached features).", nameof(FlipAugmentation));
        if (ShiftAugmentationPixels < 0)
            throw new ArgumentOutOfRangeException(nameof(ShiftAugmentationPixels), ShiftAugmentationPixels, "The shift cannot be negative.");
        if (ShiftAugmentationPixels > 0 && Mode != TrainingMode.FineTune)
            throw new ArgumentException("Shift augmentation applies to fine-tune mode only (the linear probe trains on cached features).", nameof(ShiftAugmentationPixels));
        if (TargetSensitivity is <= 0 or > 1 || double.IsNaN(TargetSensitivity))
            throw new ArgumentOutOfRangeException(nameof(TargetSensitivity), TargetSensitivity, "The target sensitivity must be in (0, 1].");
        if (DecodedImageCacheMegabytes < 0)
            throw new ArgumentOutOfRangeException(nameof(DecodedImageCacheMegabytes), DecodedImageCacheMegabytes, "The decoded-image cache cannot be negative.");
        if (DecodeParallelism < 1)
            throw new ArgumentOutOfRangeException(nameof(DecodeParallelism), DecodeParallelism, "Decode parallelism must be positive.");
    }

    private string Augmentation()
    {
        var parts = new List<string>();
        if (FlipAugmentation)
            parts.Add("random horizontal and vertical flips");
        if (ShiftAugmentationPixels > 0)
            parts.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"random shifts up to {ShiftAugmentationPixels} px"));
        return parts.Count == 0 ? "none" : string.Join(", ", parts);
    }

    /// <summary>The learning rate of epoch <paramref name="epoch"/> (1-based) under <see cref="LearningRateSchedule"/>.</summary>
    public double LearningRateAt(int epoch) => LearningRateSchedule switch
    {
        LearningRateSchedule.Cosine => LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (Math.Clamp(epoch, 1, Epochs) - 1) / Epochs)),
        _ => LearningRate,
    };

    /// <summary>The settings as strings, for checkpoint metadata and run records.</summary>
    public IReadOnlyDictionary<string, string> Describe() => new Dictionary<string, string>
    {
        ["mode"] = Mode == TrainingMode.LinearProbe ? "linear-probe" : "fine-tune",
        ["epochs"] = Epochs.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["batch"] = BatchSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["lr"] = LearningRate.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
        ["lrSchedule"] = LearningRateSchedule == LearningRateSchedule.Cosine ? "cosine decay per epoch" : "constant",
        ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["optimizer"] = "adam",
        ["loss"] = ClassWeightedLoss ? "cross-entropy, class-weighted" : "cross-entropy",
        ["augmentation"] = Augmentation(),
        ["trainLastBlocks"] = TrainLastBlocks?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "all",
        ["selection"] = "best validation accuracy; ties: higher ROC-AUC, then lower validation loss, then the earlier epoch",
    };
}
