using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Tests.Inference;
using SixLabors.ImageSharp;

namespace FracCluster.Ml.Tests.Heatmaps;

/// <summary>The serving seam: encoded images in, overlay PNGs at each image's own size and boxes in its pixels out.</summary>
public sealed class HeatmapRendererTests
{
    [Fact]
    public async Task Overlays_have_their_source_s_size_boxes_lie_inside_it_and_an_unreadable_image_gives_none()
    {
        using var engine = TinyEfficientNets.Engine(imageSize: 64);
        IHeatmapRenderer renderer = engine;

        var rendered = await renderer.RenderHeatmapsAsync(
            [TestImages.Png(3, width: 90, height: 50), TestImages.Garbage(), TestImages.Png(4, width: 33, height: 71)],
            new HeatmapOptions { Method = CamMethod.GradCamPlusPlus });

        Assert.Null(rendered[1]);
        foreach (var (heatmap, width, height) in new[] { (rendered[0]!, 90, 50), (rendered[2]!, 33, 71) })
        {
            var info = Image.Identify(heatmap.Png);
            Assert.Equal((width, height), (info.Width, info.Height));
            Assert.Equal((width, height), (heatmap.Width, heatmap.Height));
            Assert.Equal(CamMethod.GradCamPlusPlus, heatmap.Method);
            Assert.Equal(engine.Model.VersionLabel, heatmap.ModelVersion);
            Assert.InRange(heatmap.ProbabilityFractured, 0f, 1f);
            if (heatmap.Box is { } box)
                Assert.True(box.Right <= width && box.Bottom <= height, $"box {box} should lie inside {width}×{height}");
        }
    }
}
