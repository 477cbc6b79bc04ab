using FracCluster.Cli.Prediction;

namespace FracCluster.Ml.Tests.Cli;

public sealed class ImageFileSourceTests
{
    [Fact]
    public void Folders_give_their_image_files_recursively_in_order_and_named_files_are_taken_as_given()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("sub"));
        foreach (var name in new[] { "b.png", "a.JPG", "notes.txt", "sub/c.tif", "scan.dat" })
            File.WriteAllBytes(dir.File(name), [1]);

        var files = ImageFileSource.Expand([dir.File("scan.dat"), dir.Path, dir.File("b.png")], out var missing);

        Assert.Empty(missing);
        Assert.Equal([dir.File("scan.dat"), dir.File("a.JPG"), dir.File("b.png"), dir.File("sub/c.tif")], files);
    }

    [Fact]
    public void Paths_that_do_not_exist_are_reported()
    {
        using var dir = new TempDirectory();

        var files = ImageFileSource.Expand([dir.File("nope.png"), dir.Path], out var missing);

        Assert.Empty(files);
        Assert.Equal([dir.File("nope.png")], missing);
    }
}
