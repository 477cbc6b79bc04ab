namespace FracCluster.Imaging;

/// <summary>How an image becomes a model input. Stored in checkpoint metadata so serving matches training.</summary>
public sealed record PreprocessOptions
{
    public int Size { get; init; } = 224;

    public ResizeInterpolation Interpolation { get; init; } = ResizeInterpolation.Bilinear;

    public float[] Mean { get; init; } = [0.485f, 0.456f, 0.406f];

    public float[] Std { get; init; } = [0.229f, 0.224f, 0.225f];

    public static PreprocessOptions ImageNet(int size = 224) => new() { Size = size };

    /// <summary>A short stable string, part of feature-cache keys.</summary>
    public string Fingerprint() =>
        FormattableString.Invariant($"{Size}|{Interpolation}|{string.Join(',', Mean)}|{string.Join(',', Std)}");
}
