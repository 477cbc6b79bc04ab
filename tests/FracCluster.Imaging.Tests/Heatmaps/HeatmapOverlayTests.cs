using FracCluster.Imaging.Heatmaps;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.PixelFormats;

namespace FracCluster.Imaging.Tests.Heatmaps;

public sealed class HeatmapOverlayTests
{
    [Fact]
    public void The_overlay_has_the_source_size_colours_the_hot_area_and_leaves_cold_pixels_grey()
    {
        using var image = TestImages.Gray8(120, 60, (x, y) => 100);
        var bytes = TestImages.Encode(image, new PngEncoder());
        var original = bytes.ToArray();
        var pipeline = new ImagePipeline(new ImageLimits(), PreprocessOptions.ImageNet(12));
        var values = new float[12 * 12];
        values[(2 * 12) + 2] = 1f;
        var overlay = new HeatmapOverlay(pipeline);

        var png = overlay.RenderPng(bytes, new Heatmap(12, 12, values), new PixelBox(80, 40, 20, 10));

        using var result = Image.Load<Rgb24>(png);
        Assert.Equal((120, 60), (result.Width, result.Height));
        // Input pixel (2, 2) has its centre at source (25, 12.5): hot, so the jet map's red end shows over the grey.
        var hot = result[25, 12];
        Assert.True(hot.R > hot.G + 50 && hot.G < 60 && hot.B < 60, $"hot pixel {hot}");
        Assert.Equal(new Rgb24(100, 100, 100), result[60, 50]);
        Assert.Equal(new Rgb24(255, 255, 255), result[80, 45]);
        Assert.Equal(new Rgb24(100, 100, 100), result[90, 45]);
        Assert.Equal(original, bytes);
    }

    [Fact]
    public void Bad_overlay_settings_are_refused_with_the_setting_named()
    {
        var pipeline = new ImagePipeline(new ImageLimits(), PreprocessOptions.ImageNet(12));

        var error = Assert.Throws<ArgumentException>(() => new HeatmapOverlay(pipeline, new OverlayOptions { Opacity = 0 }));
        Assert.Contains("opacity", error.Message);
    }

    [Fact]
    public void An_unreadable_source_is_rejected()
    {
        var pipeline = new ImagePipeline(new ImageLimits(), PreprocessOptions.ImageNet(12));

        Assert.Throws<ImageRejectedException>(() => new HeatmapOverlay(pipeline).RenderPng("not an image"u8, new Heatmap(12, 12, new float[144])));
    }
}
