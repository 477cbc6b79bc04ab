using FracCluster.Imaging.Annotations;
using FracCluster.Imaging.Synthetic;
using FracCluster.Ml.Data;
using FracCluster.Storage;

namespace FracCluster.Ml.Tests.Data;

public sealed class FracAtlasBoxesTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private async Task<Dictionary<string, AnnotatedImage>> WriteSyntheticSetAsync()
    {
        await new SyntheticDatasetWriter().WriteAsync(_folder.Path, new SyntheticDatasetOptions
        {
            Count = 12,
            FracturedRatio = 0.5,
            Seed = 3,
            MaxDegreeOfParallelism = 2,
            Radiograph = new SyntheticRadiographOptions { MinSize = 96, MaxSize = 128 },
        });
        var coco = await File.ReadAllTextAsync(Path.Combine(_folder.Path, FracAtlasAnnotations.CocoPath));
        return FracAtlasAnnotations.ReadCoco(coco).ToDictionary(i => i.FileName);
    }

    [Fact]
    public async Task The_reader_gives_every_fractured_image_the_boxes_frac_synth_wrote_and_intact_images_none()
    {
        var written = await WriteSyntheticSetAsync();

        var source = await FracAtlasDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty);

        Assert.Equal(AnnotationSource.CocoJson, source.Annotations);
        Assert.Equal(6, source.Entries.Count(e => e.Annotation is not null));
        foreach (var entry in source.Entries)
        {
            var name = Path.GetFileName(entry.Path);
            if (entry.Label == FracAtlasDatasetSource.Fractured)
                Assert.Equal(written[name].Boxes, entry.Annotation!.Boxes);
            else
                Assert.Null(entry.Annotation);
        }
    }

    [Theory]
    [InlineData(AnnotationSource.PascalVoc)]
    [InlineData(AnnotationSource.Yolo)]
    public async Task Without_the_coco_file_the_boxes_come_from_the_per_image_files(AnnotationSource expected)
    {
        var written = await WriteSyntheticSetAsync();
        File.Delete(Path.Combine(_folder.Path, FracAtlasAnnotations.CocoPath));
        if (expected == AnnotationSource.Yolo)
            Directory.Delete(Path.Combine(_folder.Path, FracAtlasAnnotations.VocFolder), recursive: true);

        var source = await FracAtlasDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty);

        Assert.Equal(expected, source.Annotations);
        var annotated = source.Entries.Where(e => e.Annotation is not null).ToList();
        Assert.Equal(written.Keys.Order(), annotated.Select(e => Path.GetFileName(e.Path)).Order());
        foreach (var entry in annotated)
        {
            var expectedImage = written[Path.GetFileName(entry.Path)];
            Assert.Equal((expectedImage.Width, expectedImage.Height), (entry.Annotation!.Width, entry.Annotation.Height));
            Assert.Equal(expectedImage.Boxes.Count, entry.Annotation.Boxes.Count);
            for (var b = 0; b < expectedImage.Boxes.Count; b++)
            {
                Assert.Equal(expectedImage.Boxes[b].X, entry.Annotation.Boxes[b].X, 0.05);
                Assert.Equal(expectedImage.Boxes[b].Bottom, entry.Annotation.Boxes[b].Bottom, 0.05);
            }
        }
    }

    [Fact]
    public async Task A_source_without_annotations_says_so()
    {
        _folder.Write("images/Fractured/IMG0000001.jpg", TestImages.Jpeg(1));

        var source = await FracAtlasDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty);

        Assert.Equal(AnnotationSource.None, source.Annotations);
        Assert.Null(source.Entries.Single().Annotation);
    }

    [Fact]
    public async Task A_corrupt_coco_file_stops_the_open_with_a_typed_error()
    {
        _folder.Write("images/Fractured/IMG0000001.jpg", TestImages.Jpeg(1));
        _folder.Write(FracAtlasAnnotations.CocoPath, "{ not json");

        await Assert.ThrowsAsync<AnnotationFormatException>(() => FracAtlasDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty));
    }
}
