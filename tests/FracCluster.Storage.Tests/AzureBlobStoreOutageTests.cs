using System.Text;
using FracCluster.Storage.Azure;
using FracCluster.TestSupport.Azurite;

namespace FracCluster.Storage.Tests;

/// <summary>Stops and restarts its own Azurite, so it has its own fixture instance (no other test class shares it).</summary>
public sealed class AzureBlobStoreOutageTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private readonly AzureBlobStore _store = new(new BlobStoreOptions
    {
        Provider = BlobStoreProvider.AzureBlob,
        ConnectionString = azurite.ConnectionString,
        ContainerName = "outage",
        MaxRetries = 1,
        RetryDelay = TimeSpan.FromMilliseconds(10),
        MaxRetryDelay = TimeSpan.FromMilliseconds(50),
        NetworkTimeout = TimeSpan.FromSeconds(5),
    });

    [Fact]
    public async Task Storage_down_surfaces_as_BlobStoreUnavailable_and_recovers_with_data_intact()
    {
        await _store.PutAsync("scans/before.bin", Encoding.UTF8.GetBytes("accepted before the outage"));

        await azurite.Server.StopAsync();
        try
        {
            var put = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => _store.PutAsync("scans/during.bin", new byte[] { 1, 2, 3 }));
            var get = await Assert.ThrowsAsync<BlobStoreUnavailableException>(() => _store.GetAsync("scans/before.bin"));
            var list = await Assert.ThrowsAsync<BlobStoreUnavailableException>(async () =>
            {
                await foreach (var _ in _store.ListAsync("scans/"))
                {
                }
            });
            Assert.Equal(("put", "scans/during.bin"), (put.Operation, put.Key));
            Assert.Equal(("get", "scans/before.bin"), (get.Operation, get.Key));
            Assert.Equal(("list", "scans/"), (list.Operation, list.Key));
        }
        finally
        {
            await azurite.Server.StartAsync();
        }

        await _store.PutAsync("scans/after.bin", new byte[] { 4 });
        Assert.Equal("accepted before the outage", Encoding.UTF8.GetString((await _store.GetAsync("scans/before.bin"))!));
        var keys = new List<string>();
        await foreach (var key in _store.ListAsync("scans/"))
            keys.Add(key);
        Assert.Equal(["scans/after.bin", "scans/before.bin"], keys);
    }

    [Fact]
    public async Task Missing_blob_is_not_an_outage()
    {
        Assert.Null(await _store.GetAsync("never/written.bin"));
        await Assert.ThrowsAsync<BlobNotFoundException>(() => _store.OpenReadAsync("never/written.bin"));
    }
}
