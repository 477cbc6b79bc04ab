using FracCluster.Ml.Data;
using FracCluster.Storage;
using FracCluster.Storage.Azure;
using FracCluster.TestSupport.Azurite;

namespace FracCluster.Ml.Tests.Data;

/// <summary>The same dataset layouts inside an Azure Blob container (Azurite), opened through an az:// source.</summary>
public sealed class AzureDatasetSourceTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private BlobStoreOptions Azure => new() { Provider = BlobStoreProvider.AzureBlob, ConnectionString = azurite.ConnectionString };

    [Fact]
    public async Task FracAtlas_in_a_container_reads_like_the_folder()
    {
        var upload = new AzureBlobStore(new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob, ConnectionString = azurite.ConnectionString, ContainerName = "datasets" });
        await upload.PutAsync("fracatlas/dataset.csv", "image_id,hand,leg,hip,shoulder,mixed\nf.png,0,0,0,1,0\n"u8.ToArray());
        await upload.PutAsync("fracatlas/images/Fractured/f.png", TestImages.Png(1));
        await upload.PutAsync("fracatlas/images/Non_fractured/n.png", TestImages.Png(2));

        var source = await DatasetSourceFactory.OpenAsync("az://datasets/fracatlas", new DatasetSourceOptions { Azure = Azure });
        var hashed = await DatasetHashing.HashAsync(source);

        Assert.IsType<FracAtlasDatasetSource>(source);
        Assert.Equal([("images/Fractured/f.png", "fractured", "shoulder"), ("images/Non_fractured/n.png", "non_fractured", null)], source.Entries.Select(e => (e.Path, e.Label, e.BodyPart)).ToArray());
        Assert.Equal(DatasetHashing.Sha256Hex(TestImages.Png(2)), hashed[1].Sha256);
    }

    [Fact]
    public async Task Class_folders_in_a_container_with_an_explicit_order()
    {
        var upload = new AzureBlobStore(new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob, ConnectionString = azurite.ConnectionString, ContainerName = "folders" });
        await upload.PutAsync("set/normal/a.png", TestImages.Png(1));
        await upload.PutAsync("set/broken/b.png", TestImages.Png(2));

        var source = await DatasetSourceFactory.OpenAsync("az://folders/set/", new DatasetSourceOptions { Azure = Azure, ClassOrder = ["broken", "normal"] });

        Assert.Equal(["broken", "normal"], source.ClassNames);
        Assert.Equal(TestImages.Png(1), await source.ReadAsync("normal/a.png"));
    }

    [Fact]
    public async Task Frac_dataset_inspect_reads_an_az_source_with_a_connection_string()
    {
        var upload = new AzureBlobStore(new BlobStoreOptions { Provider = BlobStoreProvider.AzureBlob, ConnectionString = azurite.ConnectionString, ContainerName = "cli" });
        await upload.PutAsync("fa/images/Fractured/f.png", TestImages.Png(1));
        await upload.PutAsync("fa/images/Non_fractured/n.png", TestImages.Png(2));

        var exit = await global::FracCluster.Cli.FracApp.Build().RunAsync(["dataset", "inspect", "az://cli/fa", "--connection-string", azurite.ConnectionString]);

        Assert.Equal(0, exit);
    }

    [Fact]
    public async Task A_missing_container_is_no_images_not_a_new_container()
    {
        var ex = await Assert.ThrowsAsync<DatasetException>(() => DatasetSourceFactory.OpenAsync("az://absent/x", new DatasetSourceOptions { Azure = Azure }));

        Assert.Contains("No images", ex.Message, StringComparison.Ordinal);
    }
}
