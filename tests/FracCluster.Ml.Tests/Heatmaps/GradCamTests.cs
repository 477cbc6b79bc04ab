using FracCluster.Imaging;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Inference;
using FracCluster.Ml.Tests.Inference;
using TorchSharp;
using static TorchSharp.torch;

namespace FracCluster.Ml.Tests.Heatmaps;

public sealed class GradCamTests
{
    [Theory]
    [InlineData(CamMethod.GradCam)]
    [InlineData(CamMethod.GradCamPlusPlus)]
    public async Task Heatmaps_have_the_input_size_are_normalised_and_come_with_the_engine_s_probabilities(CamMethod method)
    {
        using var engine = TinyEfficientNets.Engine(imageSize: 64);
        var images = TestImages.Many(3);
        var classified = await engine.ClassifyAsync(images);

        var explained = await engine.ExplainAsync(images, new HeatmapOptions { Method = method });

        Assert.Equal(3, explained.Count);
        for (var i = 0; i < images.Length; i++)
        {
            var result = explained[i];
            Assert.False(result.Classification.Rejected);
            Assert.Equal(classified[i].ProbabilityFractured, result.Classification.ProbabilityFractured, 4);
            Assert.Equal(classified[i].Label, result.Classification.Label);
            var heatmap = result.InputHeatmap!;
            Assert.Equal((64, 64), (heatmap.Width, heatmap.Height));
            Assert.All(heatmap.Values.ToArray(), v => Assert.InRange(v, 0f, 1f));
            Assert.True(heatmap.IsEmpty || heatmap.Values.ToArray().Max() == 1f);
            // TestImages are 40×32: the geometry and box are in those pixels.
            Assert.Equal(new InputGeometry(40, 32, 64), result.Geometry);
            if (!heatmap.IsEmpty)
            {
                var box = result.SourceBox!.Value;
                Assert.True(box.Right <= 40 && box.Bottom <= 32, $"box {box}");
            }
            Assert.Equal((40, 32), (result.SourceHeatmap()!.Width, result.SourceHeatmap()!.Height));
        }
    }

    [Fact]
    public async Task Unreadable_images_come_back_rejected_without_a_heatmap_and_their_batch_mates_keep_theirs()
    {
        using var engine = TinyEfficientNets.Engine(imageSize: 64);

        var explained = await engine.ExplainAsync([TestImages.Png(1), TestImages.Garbage(), TestImages.Png(2)]);

        Assert.True(explained[1].Classification.Rejected);
        Assert.Null(explained[1].InputHeatmap);
        Assert.Null(explained[1].SourceBox);
        Assert.NotNull(explained[0].InputHeatmap);
        Assert.NotNull(explained[2].InputHeatmap);
    }

    [Fact]
    public async Task Explaining_leaves_no_tensor_alive_on_the_device_thread()
    {
        using var engine = TinyEfficientNets.Engine(imageSize: 64, maxBatchSize: 2);
        var images = TestImages.Many(5);
        await engine.ExplainAsync(images);
        var before = await engine.CountLiveTensorsAsync();

        await engine.ExplainAsync(images, new HeatmapOptions { Method = CamMethod.GradCamPlusPlus });
        await engine.ExplainAsync(images);

        Assert.Equal(before, await engine.CountLiveTensorsAsync());
    }

    [Fact]
    public async Task A_model_without_feature_maps_is_refused_with_a_typed_error()
    {
        using var engine = EngineFactory.Create();

        await Assert.ThrowsAsync<NotSupportedException>(() => engine.ExplainAsync(TestImages.Many(1)));
    }

    [Fact]
    public async Task A_target_class_the_model_does_not_have_is_refused()
    {
        using var engine = TinyEfficientNets.Engine(imageSize: 64);

        await Assert.ThrowsAsync<ArgumentException>(() => engine.ExplainAsync(TestImages.Many(1), new HeatmapOptions { TargetClass = 2 }));
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(1, 2)]
    [InlineData(0, 3)]
    public void A_head_that_makes_one_region_decisive_puts_the_peak_in_that_region(int cellX, int cellY)
    {
        // 128 px in, 4×4 cells of 32 px out. The positive class's weights are the pseudo-inverse column that scores the
        // chosen cell's features 1 and every other cell's 0 (16 feature vectors in hundreds of channels are independent),
        // so the class score rises at that cell alone.
        const int size = 128;
        const int cell = 32;
        using var model = TinyEfficientNets.Create();
        model.eval();
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var image = randn([1, 3, size, size], generator: generator);
        using (no_grad())
        {
            var maps = model.ForwardFeatureMaps(image)[0];
            var cells = maps.flatten(1).t();
            var decisive = linalg.pinv(cells)[.., (cellY * 4) + cellX];
            model.Classifier.weight![0].copy_(decisive);
            model.Classifier.weight![1].zero_();
            model.Classifier.bias!.zero_();
        }

        var cams = GradCam.Compute(model, image, targetClass: 0, CamMethod.GradCam);

        var heatmap = new FracCluster.Imaging.Heatmaps.Heatmap(size, size, cams.Heatmaps);
        Assert.True(new PixelBox(cellX * cell, cellY * cell, cell, cell).Contains(heatmap.Peak.X, heatmap.Peak.Y), $"peak at {heatmap.Peak}");
        Assert.True(heatmap[((cellX + 2) % 4 * cell) + 16, ((cellY + 2) % 4 * cell) + 16] < 0.01f, "a cell two away should be cold");
    }
}
