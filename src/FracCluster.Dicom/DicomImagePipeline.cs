using FracCluster.Dicom.Codec;
using FracCluster.Dicom.Pixels;
using FracCluster.Imaging;

namespace FracCluster.Dicom;

/// <summary>What a DICOM image became: the model input and how it was rendered.</summary>
/// <param name="Tensor">CHW floats, as <see cref="ImagePipeline.DecodeAndPreprocess(ReadOnlySpan{byte})"/> returns for a JPEG.</param>
public sealed record DicomModelInput(float[] Tensor, RenderedImage Rendered, DicomInstance Instance)
{
    /// <summary>A line for results: which frame was used and how it was windowed.</summary>
    public string Note => Rendered.IsMultiFrame
        ? $"first of {Rendered.FrameCount} frames; VOI {Rendered.VoiSource}"
        : $"VOI {Rendered.VoiSource}";
}

/// <summary>
/// DICOM bytes to the model's input: read, render the first frame to 8 bits, then the very resize and normalisation
/// JPEG/PNG intake uses (<see cref="ImagePipeline.PreprocessPixels"/>), so a DICOM image and the JPEG exported from it
/// give the same tensor. Thread-safe.
/// </summary>
public sealed class DicomImagePipeline
{
    private readonly DicomReader reader;
    private readonly DicomPixelRenderer renderer;
    private readonly ImagePipeline images;

    public DicomImagePipeline(DicomReaderOptions options, ImagePipeline images)
    {
        ArgumentNullException.ThrowIfNull(images);
        reader = new DicomReader(options);
        renderer = new DicomPixelRenderer(options);
        this.images = images;
    }

    public DicomReader Reader => reader;

    /// <summary>A Part 10 file. Throws <see cref="DicomRejectedException"/>.</summary>
    public DicomModelInput FromFile(ReadOnlyMemory<byte> file) => FromInstance(reader.ReadFile(file));

    /// <summary>A bare data set in <paramref name="transferSyntaxUid"/>, as a C-STORE delivers it.</summary>
    public DicomModelInput FromDataset(ReadOnlyMemory<byte> dataset, string transferSyntaxUid) =>
        FromInstance(reader.ReadDataset(dataset, transferSyntaxUid));

    public DicomModelInput FromInstance(DicomInstance instance)
    {
        var tensor = new float[images.TensorLength];
        var rendered = Preprocess(instance, tensor);
        return new DicomModelInput(tensor, rendered, instance);
    }

    /// <summary>
    /// A Part 10 file into <paramref name="destination"/> (length <see cref="ImagePipeline.TensorLength"/>), for callers
    /// that pack many images into one buffer (the inference batch). Throws <see cref="DicomRejectedException"/>.
    /// </summary>
    public RenderedImage PreprocessFile(ReadOnlyMemory<byte> file, Span<float> destination) =>
        Preprocess(reader.ReadFile(file), destination);

    private RenderedImage Preprocess(DicomInstance instance, Span<float> destination)
    {
        var rendered = renderer.Render(instance);
        try
        {
            images.PreprocessPixels(rendered.Pixels, rendered.Width, rendered.Height, rendered.Grayscale, destination);
        }
        catch (ImageRejectedException ex)
        {
            throw new DicomRejectedException(ex.Reason == ImageRejectionReason.PixelBomb ? DicomRejectionReason.PixelBomb : DicomRejectionReason.CorruptPixelData, ex.Message, ex);
        }

        return rendered;
    }
}
