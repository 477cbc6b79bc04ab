using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Models;

/// <summary>
/// An image classifier split into a backbone that yields pooled features and a small head on top of them.
/// The split is what lets linear-probe training cache features: the backbone runs once per image.
/// </summary>
public abstract class FeatureClassifier : nn.Module<Tensor, Tensor>
{
    protected FeatureClassifier(string name) : base(name)
    {
    }

    /// <summary>Width of the pooled feature vector (2304 for EfficientNet-B6).</summary>
    public abstract int FeatureCount { get; }

    public abstract int NumClasses { get; }

    /// <summary>Backbone: [N,3,H,W] normalised images to [N, FeatureCount] pooled features.</summary>
    public abstract Tensor ForwardFeatures(Tensor images);

    /// <summary>Head: [N, FeatureCount] features to [N, NumClasses] logits (dropout then linear).</summary>
    public abstract Tensor ForwardHead(Tensor features);

    /// <summary>The backbone's modules, e.g. to freeze them or keep them in eval mode.</summary>
    public abstract nn.Module Backbone { get; }

    /// <summary>The head's modules (dropout + final linear layer).</summary>
    public abstract nn.Module Head { get; }

    /// <summary>True when the model exposes its last convolutional feature maps (what Grad-CAM weighs).</summary>
    public virtual bool HasFeatureMaps => false;

    /// <summary>
    /// The last convolutional stage's output, [N, FeatureCount, h, w], before pooling. Pooling it with
    /// <see cref="PoolFeatureMaps"/> gives <see cref="ForwardFeatures"/>.
    /// </summary>
    public virtual Tensor ForwardFeatureMaps(Tensor images) =>
        throw new NotSupportedException($"{GetName()} does not expose its convolutional feature maps.");

    /// <summary>[N, FeatureCount, h, w] feature maps to the [N, FeatureCount] vector the head takes.</summary>
    public virtual Tensor PoolFeatureMaps(Tensor maps) =>
        throw new NotSupportedException($"{GetName()} does not expose its convolutional feature maps.");

    /// <summary>
    /// Rewrites the model, in place and for good, into a faster form for serving in eval mode (e.g. BatchNorm folded
    /// into the convolutions). The outputs stay the same up to float rounding, but the weights no longer match the
    /// checkpoint, so an optimised model is for inference only. The default does nothing.
    /// </summary>
    public virtual void OptimiseForInference(InferenceOptimisations optimisations)
    {
    }

    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        return ForwardHead(ForwardFeatures(input)).MoveToOuterDisposeScope();
    }
}
