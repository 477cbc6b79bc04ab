using FracCluster.Imaging.Heatmaps;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.Formats.Jpeg;
using SixLabors.ImageSharp.Formats.Png;
using SixLabors.ImageSharp.Metadata.Profiles.Exif;

namespace FracCluster.Imaging.Tests.Heatmaps;

public sealed class InputGeometryTests
{
    private static ImagePipeline Pipeline(int size) => new(new ImageLimits(), PreprocessOptions.ImageNet(size));

    [Fact]
    public void A_box_in_the_input_maps_to_the_source_by_the_stretch_factors_exactly()
    {
        var geometry = new InputGeometry(300, 150, 30);

        Assert.Equal(new PixelBox(30, 15, 30, 15), geometry.ToSource(new PixelBox(3, 3, 3, 3)));
        Assert.Equal(new PixelBox(0, 0, 300, 150), geometry.ToSource(new PixelBox(0, 0, 30, 30)));
        Assert.Equal((100.0, 50.0), geometry.ToSource(10, 10));
    }

    [Fact]
    public void A_box_edge_between_source_pixels_widens_outwards_to_whole_pixels()
    {
        var geometry = new InputGeometry(100, 100, 30);

        // Input edges 1 and 2 fall at source 3.33… and 6.67…: the box covers pixels 3 to 6.
        Assert.Equal(new PixelBox(3, 3, 4, 4), geometry.ToSource(new PixelBox(1, 1, 1, 1)));
    }

    [Fact]
    public void The_pipeline_reports_the_source_size_it_stretched()
    {
        using var image = TestImages.Gray8(300, 150, (x, y) => (byte)(x + y));
        var pipeline = Pipeline(30);

        var geometry = pipeline.DecodeAndPreprocess(TestImages.Encode(image, new PngEncoder()), new float[pipeline.TensorLength]);

        Assert.Equal(new InputGeometry(300, 150, 30), geometry);
    }

    [Fact]
    public void A_quarter_turn_exif_orientation_swaps_the_source_axes()
    {
        using var image = TestImages.Gray8(300, 150, (x, y) => (byte)x);
        image.Metadata.ExifProfile = new ExifProfile();
        image.Metadata.ExifProfile.SetValue(ExifTag.Orientation, (ushort)6);
        var pipeline = Pipeline(30);
        var bytes = TestImages.Encode(image, new JpegEncoder());

        var geometry = pipeline.DecodeAndPreprocess(bytes, new float[pipeline.TensorLength]);
        using var shown = pipeline.DecodeGrayscale(bytes);

        Assert.Equal(new InputGeometry(150, 300, 30), geometry);
        Assert.Equal((150, 300), (shown.Width, shown.Height));
    }

    [Fact]
    public void Resampling_interpolates_between_pixel_centres_and_extends_the_edges()
    {
        var heatmap = new Heatmap(2, 1, [0f, 1f]);

        var wide = heatmap.Resample(4, 1);

        Assert.Equal([0f, 0.25f, 0.75f, 1f], wide.Values.ToArray());
    }

    [Fact]
    public void A_hot_input_pixel_lands_on_the_source_pixels_it_was_made_from()
    {
        var values = new float[30 * 30];
        values[(4 * 30) + 3] = 1f;
        var geometry = new InputGeometry(300, 150, 30);

        var source = geometry.ToSource(new Heatmap(30, 30, values));

        Assert.Equal((300, 150), (source.Width, source.Height));
        // Input pixel (3, 4) has its centre at source (35, 22.5): the nearest source pixel centres are 34/35 and 22.
        Assert.Contains(source.Peak.X, new[] { 34, 35 });
        Assert.Equal(22, source.Peak.Y);
    }

    [Fact]
    public void A_heatmap_for_another_input_size_is_refused()
    {
        var geometry = new InputGeometry(300, 150, 30);

        Assert.Throws<ArgumentException>(() => geometry.ToSource(new Heatmap(20, 20, new float[400])));
    }
}
