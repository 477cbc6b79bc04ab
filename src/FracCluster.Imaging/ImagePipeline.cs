using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using SixLabors.ImageSharp.Processing;

namespace FracCluster.Imaging;

/// <summary>
/// Encoded image bytes to a normalised CHW float tensor payload, the model's input.
/// Thread-safe: one instance serves parallel decodes.
/// </summary>
public sealed class ImagePipeline
{
    public ImagePipeline(ImageLimits limits, PreprocessOptions preprocess)
    {
        Limits = limits;
        Preprocess = preprocess;
    }

    public ImageLimits Limits { get; }

    public PreprocessOptions Preprocess { get; }

    /// <summary>Number of floats <see cref="DecodeAndPreprocess"/> returns: 3 × Size × Size.</summary>
    public int TensorLength => 3 * Preprocess.Size * Preprocess.Size;

    /// <summary>Decodes, orients, converts to RGB, resizes and normalises. Throws <see cref="ImageRejectedException"/>.</summary>
    public float[] DecodeAndPreprocess(ReadOnlySpan<byte> encoded)
    {
        var output = new float[TensorLength];
        DecodeAndPreprocess(encoded, output);
        return output;
    }

    /// <summary>Writes the CHW result into <paramref name="destination"/> (length <see cref="TensorLength"/>).</summary>
    public void DecodeAndPreprocess(ReadOnlySpan<byte> encoded, Span<float> destination)
    {
        if (encoded.IsEmpty)
            throw new ImageRejectedException(ImageRejectionReason.Empty, "The image is empty (0 bytes).");
        using var image = Image.Load<Rgb24>(encoded);
        image.Mutate(x => x.AutoOrient().Resize(new ResizeOptions
        {
            Size = new Size(Preprocess.Size, Preprocess.Size),
            Mode = ResizeMode.Stretch,
            Sampler = KnownResamplers.Triangle,
        }));
        var plane = Preprocess.Size * Preprocess.Size;
        var mean = Preprocess.Mean;
        var std = Preprocess.Std;
        var pixels = new Rgb24[plane];
        image.CopyPixelDataTo(pixels);
        for (var i = 0; i < plane; i++)
        {
            destination[i] = ((pixels[i].R / 255f) - mean[0]) / std[0];
            destination[plane + i] = ((pixels[i].G / 255f) - mean[1]) / std[1];
            destination[(2 * plane) + i] = ((pixels[i].B / 255f) - mean[2]) / std[2];
        }
    }
}
