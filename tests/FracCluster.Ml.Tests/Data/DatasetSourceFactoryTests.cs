using FracCluster.Ml.Data;
using FracCluster.Storage;

namespace FracCluster.Ml.Tests.Data;

public sealed class DatasetSourceFactoryTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Theory]
    [InlineData("az://images/datasets/fracatlas", DatasetLocationKind.Azure, "datasets/fracatlas/", "images")]
    [InlineData("az://images", DatasetLocationKind.Azure, "", "images")]
    [InlineData("blob:datasets/fa/", DatasetLocationKind.Blob, "datasets/fa/", null)]
    [InlineData("blob:", DatasetLocationKind.Blob, "", null)]
    [InlineData("file:///data/FracAtlas", DatasetLocationKind.Local, "/data/FracAtlas", null)]
    [InlineData("data/FracAtlas", DatasetLocationKind.Local, "data/FracAtlas", null)]
    public void Sources_parse_into_locations(string source, DatasetLocationKind kind, string path, string? container)
    {
        Assert.Equal(new DatasetLocation(kind, path, container), DatasetLocation.Parse(source));
    }

    [Fact]
    public async Task A_missing_folder_is_a_clear_error()
    {
        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetSourceFactory.OpenAsync(Path.Combine(_folder.Path, "nope")));

        Assert.Contains("does not exist", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_without_images_is_a_clear_error()
    {
        _folder.Write("images/Fractured/readme.txt", "no images here");

        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetSourceFactory.OpenAsync(_folder.Path));

        Assert.Contains("No images", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Blob_and_azure_sources_need_their_settings()
    {
        await Assert.ThrowsAsync<DatasetException>(() => DatasetSourceFactory.OpenAsync("blob:datasets/x"));
        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetSourceFactory.OpenAsync("az://container/x"));
        Assert.Contains("connection string", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FracAtlas_refuses_a_different_class_order()
    {
        _folder.Write("images/Fractured/a.png", TestImages.Png(1));

        var ex = await Assert.ThrowsAsync<DatasetException>(() =>
            DatasetSourceFactory.OpenAsync(_folder.Path, new DatasetSourceOptions { ClassOrder = ["non_fractured", "fractured"] }));

        Assert.Contains("fractured, non_fractured", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Forcing_class_folders_on_a_fracatlas_tree_uses_images_subfolders_as_classes()
    {
        _folder.Write("images/Fractured/a.png", TestImages.Png(1));
        _folder.Write("images/Non_fractured/b.png", TestImages.Png(2));

        var source = await DatasetSourceFactory.OpenAsync($"{_folder.Path}/images", new DatasetSourceOptions { Layout = DatasetLayout.ClassFolders });

        Assert.Equal(["Fractured", "Non_fractured"], source.ClassNames);
    }

    [Fact]
    public async Task Hashes_are_computed_per_image_in_entry_order()
    {
        _folder.Write("a/1.png", TestImages.Png(1));
        _folder.Write("b/2.png", TestImages.Png(2));
        var source = await DatasetSourceFactory.OpenAsync(_folder.Path);

        var hashed = await DatasetHashing.HashAsync(source, maxParallelism: 2);

        Assert.Equal(
            [new HashedEntry("a/1.png", "a", DatasetHashing.Sha256Hex(TestImages.Png(1))), new HashedEntry("b/2.png", "b", DatasetHashing.Sha256Hex(TestImages.Png(2)))],
            hashed);
    }

    public void Dispose() => _folder.Dispose();
}
