using System.Globalization;
using FracCluster.Ml.Models;
using FracCluster.Ml.Training;

namespace FracCluster.Cli.Demo;

/// <summary>
/// The dataset and the model `frac demo` trains when no checkpoint is given. Without ImageNet weights the backbone
/// must learn from scratch, so the defaults are a small EfficientNet (B0 structure, narrower and shallower) at low
/// resolution, fine-tuned end to end: what 2 CPU cores can train to a useful model in minutes.
/// </summary>
public sealed record DemoModelOptions
{
    public int Images { get; init; } = 3200;

    /// <summary>Balanced by default: a short run on a few hundred images learns both classes faster than at FracAtlas's 18 %.</summary>
    public double FracturedRatio { get; init; } = 0.5;

    public int Seed { get; init; } = 7;

    /// <summary>
    /// <see cref="FracCluster.Imaging.Synthetic.SyntheticRadiographOptions.FractureScale"/> of the demo's images. At the
    /// realistic 1.0 a break is a gap of about 1.6 px at 64 px, which a tiny random-init model only memorises around
    /// (measured: test ROC-AUC 0.51); the demo makes fractures conspicuous so it can learn them in a few minutes on CPU.
    /// </summary>
    public double FractureScale { get; init; } = 5.0;

    public EfficientNetVariant Variant { get; init; } = EfficientNetVariant.B0;

    public double Width { get; init; } = 0.5;

    public double Depth { get; init; } = 0.3;

    /// <summary>Input resolution (square) in pixels.</summary>
    public int Size { get; init; } = 96;

    public int Epochs { get; init; } = 20;

    public double LearningRate { get; init; } = 0.003;

    /// <summary>Cosine decay: the last epochs' small steps are where a short from-scratch run gains most.</summary>
    public LearningRateSchedule Schedule { get; init; } = LearningRateSchedule.Cosine;

    public int BatchSize { get; init; } = 16;

    public bool ClassWeightedLoss { get; init; } = true;

    /// <summary>Random flips of the training images: a few hundred films are otherwise memorised within a few epochs.</summary>
    public bool FlipAugmentation { get; init; } = true;

    /// <summary>
    /// Random shifts of the training images by up to this many pixels each way (0 = off). With flips alone the model
    /// still over-fitted 1,600 films (train loss 0.25 against validation 0.6); shifts and twice the films closed that gap.
    /// </summary>
    public int ShiftPixels { get; init; } = 6;

    /// <summary>Dropout before the classifier. Low: regularisation slows a short from-scratch run more than it helps.</summary>
    public double Dropout { get; init; } = 0.1;

    /// <summary>Stochastic depth of the last block while training (0 = off; torchvision uses 0.2 for long ImageNet runs).</summary>
    public double StochasticDepth { get; init; }

    public EfficientNetConfig ModelConfig => new()
    {
        Variant = Variant,
        Width = Width,
        Depth = Depth,
        Dropout = Dropout,
        StochasticDepthProbability = StochasticDepth,
        NumClasses = 2,
    };

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"EfficientNet-{Variant} structure at width {Width}, depth {Depth}, {Size}×{Size} px, random init, fine-tuned end to end for {Epochs} epochs (Adam lr {LearningRate}{(Schedule == LearningRateSchedule.Cosine ? " with cosine decay" : "")}, batch {BatchSize}{(ClassWeightedLoss ? ", class-weighted loss" : "")}{(FlipAugmentation ? ", random flips" : "")}{(ShiftPixels > 0 ? string.Create(CultureInfo.InvariantCulture, $", random shifts up to {ShiftPixels} px") : "")})");

    public void Validate()
    {
        if (Images < 20)
            throw new ArgumentException($"The demo needs at least 20 images to split 80/10/10 with both classes in every split (got {Images}).");
        if (FracturedRatio is <= 0.05 or >= 0.95 || double.IsNaN(FracturedRatio))
            throw new ArgumentException($"The fractured ratio must lie in (0.05, 0.95) so every split has both classes (got {FracturedRatio}).");
        if (Size is < 32 or > 1024)
            throw new ArgumentException($"The image size must lie in 32…1024 px (got {Size}).");
        if (FractureScale is < 0.25 or > 8 || double.IsNaN(FractureScale))
            throw new ArgumentException($"The fracture scale must lie in 0.25…8 (got {FractureScale}).");
        if (ShiftPixels < 0 || ShiftPixels > Size / 4)
            throw new ArgumentException($"The shift must lie in 0…{Size / 4} px, a quarter of the image size (got {ShiftPixels}).");
        if (Epochs < 1)
            throw new ArgumentException($"At least one epoch is needed (got {Epochs}).");
        ModelConfig.Validate();
    }
}
