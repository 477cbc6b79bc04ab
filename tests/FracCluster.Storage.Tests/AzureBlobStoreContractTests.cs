using FracCluster.Storage.Azure;
using FracCluster.TestSupport.Azurite;

namespace FracCluster.Storage.Tests;

/// <summary>The contract suite against Azurite; every test gets a fresh container so tests stay independent.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class AzureBlobStoreContractTests : BlobStoreContractTests
{
    public AzureBlobStoreContractTests(AzuriteFixture azurite)
    {
        Store = new AzureBlobStore(new BlobStoreOptions
        {
            Provider = BlobStoreProvider.AzureBlob,
            ConnectionString = azurite.ConnectionString,
            ContainerName = $"contract-{Guid.NewGuid():N}",
        });
    }

    protected override IBlobStore Store { get; }
}
