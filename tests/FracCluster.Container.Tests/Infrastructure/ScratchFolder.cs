namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>A temporary folder for rendered manifests, the checkpoint and test images; deleted on dispose.</summary>
public sealed class ScratchFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("fraccluster-containers-").FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless.
        }
    }
}
