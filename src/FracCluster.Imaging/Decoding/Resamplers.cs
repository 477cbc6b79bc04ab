using SixLabors.ImageSharp.Processing;
using SixLabors.ImageSharp.Processing.Processors.Transforms;

namespace FracCluster.Imaging.Decoding;

/// <summary>
/// Maps <see cref="ResizeInterpolation"/> to ImageSharp samplers that reproduce PIL, which is what torchvision's
/// <c>transforms.Resize</c> calls for PIL images (the seed project's training path).
/// </summary>
/// <remarks>
/// PIL's BILINEAR resize is a separable triangle (tent) filter whose support widens by the scale factor when shrinking
/// (antialiasing), with sample centres at (i + 0.5) · scale. ImageSharp's <see cref="KnownResamplers.Triangle"/> in
/// <c>Resize</c> is the same filter with the same centres and the same widening, so the two agree to rounding: at most
/// 1 grey level against PIL 9.4 both shrinking (97×61 → 32²) and enlarging (20×15 → 32²), checked by
/// <c>ResizeParityTests</c>. Bicubic (ImageSharp's a = -0.5 kernel, as PIL's) agrees within 1 level when shrinking but
/// by up to 13 levels when enlarging a high-contrast pattern; Nearest picks different source pixels than PIL. Models
/// trained through torchvision's default pipeline should therefore use <see cref="ResizeInterpolation.Bilinear"/>.
/// </remarks>
internal static class Resamplers
{
    public static IResampler For(ResizeInterpolation interpolation) => interpolation switch
    {
        ResizeInterpolation.Bilinear => KnownResamplers.Triangle,
        ResizeInterpolation.Bicubic => KnownResamplers.Bicubic,
        ResizeInterpolation.Nearest => KnownResamplers.NearestNeighbor,
        _ => throw new ArgumentOutOfRangeException(nameof(interpolation), interpolation, "Unknown interpolation."),
    };
}
