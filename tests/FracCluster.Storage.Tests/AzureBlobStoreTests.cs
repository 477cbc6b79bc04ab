using Azure.Storage.Blobs;
using FracCluster.Storage.Azure;
using FracCluster.TestSupport.Azurite;

namespace FracCluster.Storage.Tests;

/// <summary>Azure-specific behaviour beyond the shared contract.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreTests(AzuriteFixture azurite)
{
    private BlobStoreOptions Options(string container, bool create = true) => new()
    {
        Provider = BlobStoreProvider.AzureBlob,
        ConnectionString = azurite.ConnectionString,
        ContainerName = container,
        CreateContainerIfMissing = create,
    };

    [Fact]
    public async Task The_container_is_created_on_first_write_and_again_if_it_was_deleted()
    {
        var store = new AzureBlobStore(Options("recreated"));
        var container = new BlobContainerClient(azurite.ConnectionString, "recreated");

        await store.PutAsync("a.txt", new byte[] { 1 });
        Assert.True((await container.ExistsAsync()).Value);
        await container.DeleteAsync();
        await store.PutAsync("b.txt", new byte[] { 2 });

        Assert.Equal(new byte[] { 2 }, await store.GetAsync("b.txt"));
    }

    [Fact]
    public async Task Reads_from_a_missing_container_are_empty_not_errors()
    {
        var store = new AzureBlobStore(Options("never-created", create: false));

        Assert.Null(await store.GetAsync("x"));
        Assert.False(await store.ExistsAsync("x"));
        Assert.False(await store.DeleteAsync("x"));
        await foreach (var _ in store.ListAsync(string.Empty))
            Assert.Fail("a missing container lists nothing");
        Assert.False((await new BlobContainerClient(azurite.ConnectionString, "never-created").ExistsAsync()).Value);
    }

    [Fact]
    public void Managed_identity_and_sas_settings_address_the_configured_container()
    {
        var identity = AzureBlobStore.CreateContainerClient(new BlobStoreOptions
        {
            Provider = BlobStoreProvider.AzureBlob,
            ServiceUri = new Uri("https://acct.blob.core.windows.net"),
            UseManagedIdentity = true,
            ManagedIdentityClientId = "00000000-0000-0000-0000-000000000001",
            ContainerName = "scans",
        });
        var sas = AzureBlobStore.CreateContainerClient(new BlobStoreOptions
        {
            Provider = BlobStoreProvider.AzureBlob,
            ServiceUri = new Uri("https://acct.blob.core.windows.net/?sv=2024-01-01&sig=abc"),
            ContainerName = "scans",
        });

        Assert.Equal("https://acct.blob.core.windows.net/scans", identity.Uri.ToString());
        Assert.Equal("https://acct.blob.core.windows.net/scans?sv=2024-01-01&sig=abc", sas.Uri.ToString());
        Assert.Equal(new Uri("https://acct.blob.core.windows.net/scans"), new AzureBlobStore(sas).ContainerUri);
    }
}
