using System.Diagnostics;
using FracCluster.Ml.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Heatmaps;

/// <summary>
/// Grad-CAM and Grad-CAM++ on a <see cref="FeatureClassifier"/>'s last convolutional feature maps. Call on the thread
/// that owns the model (its <see cref="Inference.DeviceThread"/>); every tensor is freed before returning.
/// </summary>
/// <remarks>
/// The backbone runs without autograd; only the head (pooling, dropout, linear) is differentiated, from a detached
/// copy of the feature maps. The gradient a heatmap needs stops at those maps, so the backbone's backward pass, which
/// would cost about as much again as its forward pass, is never run: a heatmap costs one forward pass plus a head.
/// </remarks>
internal static class GradCam
{
    public static CamBatch Compute(FeatureClassifier model, Tensor input, int targetClass, CamMethod method)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        if (!model.HasFeatureMaps)
            throw new NotSupportedException($"Model {model.GetName()} does not expose convolutional feature maps, so it cannot give heatmaps.");
        if (input.dim() != 4 || input.shape[2] != input.shape[3])
            throw new ArgumentException($"Expected square [N,3,S,S] images, got [{string.Join(',', input.shape)}].", nameof(input));
        if (targetClass < 0 || targetClass >= model.NumClasses)
            throw new ArgumentOutOfRangeException(nameof(targetClass), targetClass, $"The model has {model.NumClasses} classes.");

        using var scope = NewDisposeScope();
        var started = Stopwatch.GetTimestamp();
        var size = (int)input.shape[2];
        Tensor maps;
        using (no_grad())
            maps = model.ForwardFeatureMaps(input).detach();

        Tensor logits, gradients;
        using (enable_grad())
        {
            var leaf = maps.requires_grad_(true);
            logits = model.ForwardHead(model.PoolFeatureMaps(leaf));
            // Images are independent, so the gradient of the sum is each image's own gradient.
            var score = logits.select(1, targetClass).sum();
            gradients = torch.autograd.grad([score], [leaf])[0];
        }

        using (no_grad())
        {
            var activations = maps.detach();
            var weights = method == CamMethod.GradCamPlusPlus
                ? PlusPlusWeights(gradients, activations)
                : gradients.mean([2L, 3L], keepdim: true);
            var cam = nn.functional.relu((weights * activations).sum(1, keepdim: true));
            var upsampled = nn.functional.interpolate(cam, size: [size, size], mode: InterpolationMode.Bilinear, align_corners: false)
                .clamp_min(0);
            var peak = upsampled.amax([1L, 2L, 3L], keepdim: true);
            // An image whose score rises nowhere keeps an all-zero map rather than dividing by zero.
            var normalised = upsampled / peak.clamp_min(1e-12f);
            var probabilities = softmax(logits.detach(), 1).cpu().data<float>().ToArray();
            var heatmaps = normalised.squeeze(1).cpu().data<float>().ToArray();
            return new CamBatch(probabilities, heatmaps, size, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    // Grad-CAM++'s closed form for α with the first-order gradients (the exponential-score variant the paper derives):
    // α = g² / (2g² + Σ_ab A·g³), channel weight = Σ_ij α·relu(g).
    private static Tensor PlusPlusWeights(Tensor gradients, Tensor activations)
    {
        var g2 = gradients.pow(2);
        var g3 = g2 * gradients;
        var denominator = (2 * g2) + (activations.sum([2L, 3L], keepdim: true) * g3);
        var alpha = g2 / where(denominator.ne(0), denominator, ones_like(denominator));
        return (alpha * nn.functional.relu(gradients)).sum([2L, 3L], keepdim: true);
    }
}
