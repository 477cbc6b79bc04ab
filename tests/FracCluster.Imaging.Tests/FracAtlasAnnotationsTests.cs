using FracCluster.Imaging.Annotations;

namespace FracCluster.Imaging.Tests;

public sealed class FracAtlasAnnotationsTests
{
    private static readonly AnnotatedImage Sample = new("IMG0000019.jpg", 400, 300, [new FractureBox(10.5, 20, 40, 30.25), new FractureBox(200, 100, 50, 60)]);

    [Fact]
    public void Coco_round_trips_images_and_boxes_with_fracatlas_s_single_category()
    {
        var json = FracAtlasAnnotations.WriteCoco([Sample, Sample with { FileName = "IMG0000020.jpg", Boxes = [] }]);

        var images = FracAtlasAnnotations.ReadCoco(json);

        Assert.Contains("\"categories\":[{\"id\":1,\"name\":\"fractured\"}]", json);
        Assert.Equal(2, images.Count);
        Assert.Equal(Sample.Boxes, images[0].Boxes);
        Assert.Equal((400, 300), (images[0].Width, images[0].Height));
        Assert.Empty(images[1].Boxes);
    }

    [Fact]
    public void Voc_round_trips_the_image_and_its_boxes()
    {
        var image = FracAtlasAnnotations.ReadVoc(FracAtlasAnnotations.WriteVoc(Sample), "IMG0000019.xml");

        Assert.Equal(Sample.FileName, image.FileName);
        Assert.Equal(Sample.Boxes, image.Boxes);
    }

    [Fact]
    public void Yolo_lines_are_class_zero_centre_and_size_relative_to_the_image()
    {
        var text = FracAtlasAnnotations.WriteYolo(Sample with { Boxes = [new FractureBox(100, 75, 200, 150)] });

        Assert.Equal("0 0.5 0.5 0.5 0.5\n", text);
        Assert.Equal([new FractureBox(100, 75, 200, 150)], FracAtlasAnnotations.ReadYolo(text, 400, 300, "x.txt"));
    }

    [Theory]
    [InlineData("{\"images\": [], \"annotations\": [{\"id\": 1, \"image_id\": 7, \"bbox\": [1, 2, 3, 4]}]}")]
    [InlineData("{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 9, \"height\": 9}], \"annotations\": [{\"id\": 1, \"image_id\": 1, \"bbox\": [1, 2, 3]}]}")]
    [InlineData("{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 9, \"height\": 9}], \"annotations\": [{\"id\": 1, \"image_id\": 1, \"bbox\": [1, 2, 0, 4]}]}")]
    [InlineData("not json")]
    [InlineData("{\"annotations\": []}")]
    public void A_broken_coco_file_is_refused_with_a_typed_error(string json)
    {
        Assert.Throws<AnnotationFormatException>(() => FracAtlasAnnotations.ReadCoco(json));
    }

    [Fact]
    public void A_broken_yolo_line_is_refused_naming_the_line()
    {
        var error = Assert.Throws<AnnotationFormatException>(() => FracAtlasAnnotations.ReadYolo("0 0.5 0.5 0.1 0.1\n0 0.5 oops 0.1 0.1\n", 10, 10, "a.txt"));

        Assert.Contains("line 2", error.Message);
    }

    [Fact]
    public void A_voc_file_without_a_size_is_refused()
    {
        Assert.Throws<AnnotationFormatException>(() => FracAtlasAnnotations.ReadVoc("<annotation><filename>a.jpg</filename></annotation>", "a.xml"));
    }
}
