using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Advanced;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Imaging.Heatmaps;

/// <summary>
/// Draws a heatmap as a colour map (blue → red) over the grey radiograph it explains, at the radiograph's own size and
/// orientation, and encodes the result as PNG. The source bytes are only read: the overlay is a new image.
/// </summary>
public sealed class HeatmapOverlay
{
    private readonly ImagePipeline _pipeline;
    private readonly OverlayOptions _options;

    /// <param name="pipeline">Decodes the source (its limits apply); its input size is the heatmaps' size.</param>
    public HeatmapOverlay(ImagePipeline pipeline, OverlayOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        options ??= new OverlayOptions();
        options.Validate();
        _pipeline = pipeline;
        _options = options;
    }

    /// <summary>
    /// The overlay as PNG bytes. <paramref name="inputHeatmap"/> is at the model input's size; <paramref name="sourceBox"/>
    /// is in source pixels. Throws <see cref="ImageRejectedException"/> for a source that cannot be decoded.
    /// </summary>
    public byte[] RenderPng(ReadOnlySpan<byte> encodedSource, Heatmap inputHeatmap, PixelBox? sourceBox = null)
    {
        ArgumentNullException.ThrowIfNull(inputHeatmap);
        using var grey = _pipeline.DecodeGrayscale(encodedSource);
        var geometry = new InputGeometry(grey.Width, grey.Height, _pipeline.Preprocess.Size);
        var heat = geometry.ToSource(inputHeatmap);
        using var overlay = new Image<Rgb24>(grey.Width, grey.Height);
        for (var y = 0; y < grey.Height; y++)
        {
            var source = grey.DangerousGetPixelRowMemory(y).Span;
            var target = overlay.DangerousGetPixelRowMemory(y).Span;
            for (var x = 0; x < source.Length; x++)
                target[x] = Blend(source[x].PackedValue / 65535f, heat[x, y]);
        }
        if (_options.DrawBox && sourceBox is { } box)
            DrawOutline(overlay, box);
        using var output = new MemoryStream();
        overlay.Save(output, new PngEncoder { ColorType = PngColorType.Rgb, BitDepth = PngBitDepth.Bit8 });
        return output.ToArray();
    }

    private Rgb24 Blend(float grey, float heat)
    {
        if (heat < _options.MinimumHeat)
            return Grey(grey);
        var alpha = _options.Opacity * heat;
        var (r, g, b) = Jet(heat);
        return new Rgb24(Mix(grey, r, alpha), Mix(grey, g, alpha), Mix(grey, b, alpha));
    }

    private static Rgb24 Grey(float v)
    {
        var level = ToByte(v);
        return new Rgb24(level, level, level);
    }

    private static byte Mix(float grey, float colour, float alpha) => ToByte((grey * (1 - alpha)) + (colour * alpha));

    private static byte ToByte(float v) => (byte)Math.Clamp((int)MathF.Round(v * 255f), 0, 255);

    // The classic "jet" map: cold blue through cyan and yellow to hot red.
    private static (float R, float G, float B) Jet(float t) =>
        (Ramp((4 * t) - 3), Ramp((4 * t) - 2), Ramp((4 * t) - 1));

    private static float Ramp(float d) => Math.Clamp(1.5f - Math.Abs(d), 0f, 1f);

    private static void DrawOutline(Image<Rgb24> image, PixelBox box)
    {
        // Visible at any size: about 0.4 % of the shorter side, never thinner than a pixel.
        var thickness = Math.Max(1, Math.Min(image.Width, image.Height) / 250);
        var white = new Rgb24(255, 255, 255);
        var right = Math.Min(box.Right, image.Width);
        var bottom = Math.Min(box.Bottom, image.Height);
        for (var y = box.Y; y < bottom; y++)
        {
            var row = image.DangerousGetPixelRowMemory(y).Span;
            var edgeRow = y < box.Y + thickness || y >= bottom - thickness;
            for (var x = box.X; x < right; x++)
            {
                if (edgeRow || x < box.X + thickness || x >= right - thickness)
                    row[x] = white;
            }
        }
    }
}
