using FracCluster.Storage.Azure;
using FracCluster.Storage.Hosting;
using FracCluster.TestSupport.Azurite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FracCluster.Storage.Tests;

[Collection(AzuriteCollection.Name)]
public sealed class BlobStoreRegistrationTests(AzuriteFixture azurite) : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fraccluster-di-");

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddFracBlobStore(configuration.GetSection(BlobStoreOptions.SectionName)).BuildServiceProvider();
    }

    [Fact]
    public async Task File_provider_is_bound_from_configuration()
    {
        await using var services = Build(new() { ["BlobStore:Provider"] = "File", ["BlobStore:Root"] = _root.FullName });

        var store = Assert.IsType<FileBlobStore>(services.GetRequiredService<IBlobStore>());

        Assert.Equal(_root.FullName, store.Root);
    }

    [Fact]
    public async Task Azure_provider_uses_the_connection_string_and_creates_the_container()
    {
        await using var services = Build(new()
        {
            ["BlobStore:Provider"] = "AzureBlob",
            ["BlobStore:ConnectionString"] = azurite.ConnectionString,
            ["BlobStore:ContainerName"] = "di-test",
        });

        var store = Assert.IsType<AzureBlobStore>(services.GetRequiredService<IBlobStore>());
        await store.PutAsync("a/b.txt", new byte[] { 42 });

        Assert.Equal("di-test", store.ContainerName);
        Assert.Equal(new byte[] { 42 }, await store.GetAsync("a/b.txt"));
    }

    [Fact]
    public async Task Invalid_settings_fail_with_every_problem_listed()
    {
        await using var services = Build(new() { ["BlobStore:Provider"] = "AzureBlob", ["BlobStore:ContainerName"] = "X" });

        var ex = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IBlobStore>());

        Assert.Equal(2, ex.Failures.Count());
    }

    public void Dispose() => _root.Delete(recursive: true);
}
