using FracCluster.Imaging.Heatmaps;

namespace FracCluster.Imaging.Tests.Heatmaps;

public sealed class HeatmapTests
{
    [Fact]
    public void Values_are_scaled_so_the_maximum_is_one()
    {
        var heatmap = new Heatmap(2, 2, [0f, 2f, 4f, 1f]);

        Assert.Equal([0f, 0.5f, 1f, 0.25f], heatmap.Values.ToArray());
        Assert.Equal((0, 1), heatmap.Peak);
        Assert.False(heatmap.IsEmpty);
    }

    [Theory]
    [InlineData(-0.1f)]
    [InlineData(float.NaN)]
    [InlineData(float.PositiveInfinity)]
    public void Negative_or_non_finite_values_are_refused(float bad)
    {
        Assert.Throws<ArgumentException>(() => new Heatmap(2, 1, [0.5f, bad]));
    }

    [Fact]
    public void A_wrong_number_of_values_is_refused()
    {
        Assert.Throws<ArgumentException>(() => new Heatmap(3, 3, new float[8]));
    }

    [Fact]
    public void The_top_region_is_the_connected_area_around_the_peak_above_the_threshold()
    {
        // Two hot areas: the peak's (columns 1-2, rows 1-2) and a weaker, separate one at (5, 4).
        var values = new float[6 * 5];
        void Set(int x, int y, float v) => values[(y * 6) + x] = v;
        Set(1, 1, 0.6f);
        Set(2, 1, 1f);
        Set(2, 2, 0.7f);
        Set(5, 4, 0.9f);
        var heatmap = new Heatmap(6, 5, values);

        Assert.Equal(new PixelBox(1, 1, 2, 2), heatmap.TopRegion(0.5f));
        Assert.Equal(new PixelBox(2, 1, 1, 1), heatmap.TopRegion(0.95f));
    }

    [Fact]
    public void An_empty_heatmap_has_no_region_and_never_points_inside()
    {
        var heatmap = new Heatmap(4, 4, new float[16]);

        Assert.True(heatmap.IsEmpty);
        Assert.Null(heatmap.TopRegion(0.5f));
        Assert.False(heatmap.PeakInside([new PixelBox(0, 0, 4, 4)]));
        Assert.Equal(0, heatmap.MassInside([new PixelBox(0, 0, 4, 4)]));
    }

    [Fact]
    public void Mass_inside_counts_overlapping_boxes_once()
    {
        var heatmap = new Heatmap(4, 1, [1f, 1f, 1f, 1f]);

        Assert.Equal(0.75, heatmap.MassInside([new PixelBox(0, 0, 2, 1), new PixelBox(1, 0, 2, 1)]), 10);
        Assert.True(heatmap.PeakInside([new PixelBox(0, 0, 1, 1)]));
        Assert.False(heatmap.PeakInside([new PixelBox(1, 0, 3, 1)]));
    }

    [Fact]
    public void The_centre_prior_peaks_in_the_middle()
    {
        var prior = Heatmap.CentrePrior(9, 7);

        Assert.Equal((4, 3), prior.Peak);
        Assert.True(prior[0, 0] < prior[4, 3]);
    }
}
