namespace FracCluster.Storage.Tests;

public sealed class FileBlobStoreContractTests : BlobStoreContractTests, IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("fraccluster-blobs-");

    public FileBlobStoreContractTests() => Store = new FileBlobStore(_root.FullName);

    protected override IBlobStore Store { get; }

    public void Dispose() => _root.Delete(recursive: true);
}
