using FracCluster.Imaging;
using FracCluster.Imaging.Annotations;
using FracCluster.Imaging.Heatmaps;
using FracCluster.Ml.Heatmaps;
using FracCluster.Ml.Tests.Inference;

namespace FracCluster.Ml.Tests.Heatmaps;

public sealed class LocalisationTests
{
    private static Heatmap HotAt(int width, int height, int x, int y)
    {
        var values = new float[width * height];
        values[(y * width) + x] = 1f;
        return new Heatmap(width, height, values);
    }

    [Fact]
    public void The_pointing_game_and_mass_inside_are_averaged_over_images_with_boxes_only()
    {
        var scorer = new LocalisationScorer();
        PixelBox[] box = [new PixelBox(0, 0, 2, 2)];

        scorer.Add("cam", HotAt(4, 4, 1, 1), box);
        scorer.Add("cam", HotAt(4, 4, 3, 3), box);
        scorer.Add("cam", HotAt(4, 4, 3, 3), []);
        scorer.AddCentrePrior(4, 4, box);

        var scores = scorer.Scores();
        Assert.Equal(new LocalisationScore("cam", 2, 0.5, 0.5), scores[0]);
        Assert.Equal(LocalisationScorer.CentrePriorMethod, scores[1].Method);
        Assert.Equal(1, scores[1].Images);
        // The 4×4 prior is symmetric about the centre: its first peak, (1, 1), is in the top-left quarter, which holds
        // exactly a quarter of its mass.
        Assert.Equal(1, scores[1].PointingGame);
        Assert.Equal(0.25, scores[1].MassInside, 6);
    }

    [Fact]
    public async Task Every_model_and_the_centre_prior_are_scored_on_the_same_annotated_images()
    {
        using var trained = TinyEfficientNets.Engine(imageSize: 64);
        using var untrained = TinyEfficientNets.Engine(imageSize: 64);
        var images = new (ReadOnlyMemory<byte>, AnnotatedImage)[]
        {
            (TestImages.Png(1), new AnnotatedImage("1.png", 40, 32, [new FractureBox(5, 5, 10, 10)])),
            (TestImages.Png(2), new AnnotatedImage("2.png", 40, 32, [new FractureBox(20, 10, 15, 20), new FractureBox(0, 0, 4, 4)])),
            (TestImages.Png(3), new AnnotatedImage("3.png", 40, 32, [])),
        };

        var scores = await HeatmapLocalisation.ScoreAsync([("Grad-CAM", trained), ("Grad-CAM, random init", untrained)], images);

        Assert.Equal(["Grad-CAM", LocalisationScorer.CentrePriorMethod, "Grad-CAM, random init"], scores.Select(s => s.Method));
        Assert.All(scores, s =>
        {
            Assert.Equal(2, s.Images);
            Assert.InRange(s.PointingGame, 0, 1);
            Assert.InRange(s.MassInside, 0, 1);
        });
    }
}
