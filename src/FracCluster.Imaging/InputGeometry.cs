using FracCluster.Imaging.Heatmaps;

namespace FracCluster.Imaging;

/// <summary>
/// How a model input relates to the image it came from. <see cref="ImagePipeline"/> stretches the decoded image to
/// InputSize × InputSize (no crop, aspect ratio not kept) and applies its EXIF orientation; the two commute on a square
/// target, so the input is a pure per-axis scaling of the oriented source (SourceWidth × SourceHeight, as a viewer shows
/// it). Coordinates here are continuous pixel edges: input x maps to source x × SourceWidth / InputSize.
/// </summary>
public sealed record InputGeometry
{
    public InputGeometry(int sourceWidth, int sourceHeight, int inputSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(sourceHeight, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(inputSize, 1);
        SourceWidth = sourceWidth;
        SourceHeight = sourceHeight;
        InputSize = inputSize;
    }

    /// <summary>Width of the source image after its EXIF orientation.</summary>
    public int SourceWidth { get; }

    /// <summary>Height of the source image after its EXIF orientation.</summary>
    public int SourceHeight { get; }

    /// <summary>Side of the square model input.</summary>
    public int InputSize { get; }

    public double ScaleX => (double)SourceWidth / InputSize;

    public double ScaleY => (double)SourceHeight / InputSize;

    /// <param name="storedWidth">Width of the pixel array as stored in the file.</param>
    /// <param name="storedHeight">Height of the pixel array as stored in the file.</param>
    /// <param name="quarterTurn">True when the EXIF orientation (5–8) turns the image a quarter.</param>
    /// <param name="inputSize">Side of the square model input.</param>
    public static InputGeometry FromDecoded(int storedWidth, int storedHeight, bool quarterTurn, int inputSize) =>
        quarterTurn ? new(storedHeight, storedWidth, inputSize) : new(storedWidth, storedHeight, inputSize);

    /// <summary>A point of the input (continuous coordinates) in the source.</summary>
    public (double X, double Y) ToSource(double inputX, double inputY) => (inputX * ScaleX, inputY * ScaleY);

    /// <summary>The source pixels an input box covers: its edges scaled, widened outwards to whole pixels.</summary>
    public PixelBox ToSource(PixelBox inputBox)
    {
        var box = PixelBox.FromEdges(
            (int)Math.Floor(inputBox.X * ScaleX),
            (int)Math.Floor(inputBox.Y * ScaleY),
            (int)Math.Ceiling(inputBox.Right * ScaleX),
            (int)Math.Ceiling(inputBox.Bottom * ScaleY),
            SourceWidth,
            SourceHeight);
        return box ?? throw new ArgumentOutOfRangeException(nameof(inputBox), inputBox, $"The box lies outside the {InputSize}² input.");
    }

    /// <summary>
    /// An InputSize² heatmap resampled to the source's size, bilinear between pixel centres (as the model input was made
    /// from the source, so the two line up).
    /// </summary>
    public Heatmap ToSource(Heatmap inputHeatmap)
    {
        ArgumentNullException.ThrowIfNull(inputHeatmap);
        if (inputHeatmap.Width != InputSize || inputHeatmap.Height != InputSize)
            throw new ArgumentException($"The heatmap is {inputHeatmap.Width}×{inputHeatmap.Height}; this geometry maps {InputSize}×{InputSize} inputs.", nameof(inputHeatmap));
        return inputHeatmap.Resample(SourceWidth, SourceHeight);
    }
}
