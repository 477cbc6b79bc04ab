using FracCluster.Ml.Data;
using FracCluster.Storage;

namespace FracCluster.Ml.Tests.Data;

public sealed class ClassFolderDatasetSourceTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public ClassFolderDatasetSourceTests()
    {
        _folder.Write("zebra/a.png", TestImages.Png(1));
        _folder.Write("zebra/nested/b.png", TestImages.Png(2));
        _folder.Write("ant/c.jpg", TestImages.Jpeg(3));
        _folder.Write("Bee/d.PNG", TestImages.Png(4));
        _folder.Write("loose.png", TestImages.Png(5));
        _folder.Write("ant/readme.md", "not an image");
        _folder.Write(".cache/e.png", TestImages.Png(6));
    }

    [Fact]
    public async Task Without_an_order_classes_are_folder_names_sorted_ordinally()
    {
        var source = await ClassFolderDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty);

        Assert.Equal(["Bee", "ant", "zebra"], source.ClassNames);
        Assert.Equal(
            [("Bee/d.PNG", "Bee"), ("ant/c.jpg", "ant"), ("zebra/a.png", "zebra"), ("zebra/nested/b.png", "zebra")],
            source.Entries.Select(e => (e.Path, e.Label)).ToArray());
    }

    [Fact]
    public async Task An_explicit_order_is_kept_and_unlisted_folders_are_ignored()
    {
        var source = await ClassFolderDatasetSource.OpenAsync(new FileBlobStore(_folder.Path), string.Empty, ["zebra", "ant", "missing"]);

        Assert.Equal(["zebra", "ant", "missing"], source.ClassNames);
        Assert.Equal(["ant/c.jpg", "zebra/a.png", "zebra/nested/b.png"], source.Entries.Select(e => e.Path).ToArray());
    }

    [Fact]
    public async Task A_class_order_with_a_repeated_or_single_class_is_refused()
    {
        var store = new FileBlobStore(_folder.Path);

        await Assert.ThrowsAsync<DatasetException>(() => ClassFolderDatasetSource.OpenAsync(store, string.Empty, ["ant", "ant"]));
        await Assert.ThrowsAsync<DatasetException>(() => ClassFolderDatasetSource.OpenAsync(store, string.Empty, ["ant"]));
    }

    [Fact]
    public async Task Auto_layout_picks_class_folders_when_there_is_no_fracatlas_structure()
    {
        var source = await DatasetSourceFactory.OpenAsync(_folder.Path);

        Assert.IsType<ClassFolderDatasetSource>(source);
        Assert.Equal(4, source.Entries.Count);
    }

    public void Dispose() => _folder.Dispose();
}
