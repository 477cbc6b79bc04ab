namespace FracCluster.Deploy.Tests;

/// <summary>Paths of the deployment files, found by walking up from the test binary to the folder that holds FracCluster.sln.</summary>
public static class RepositoryLayout
{
    private static readonly Lazy<string> root = new(FindRoot);

    public static string Root => root.Value;

    public static string KubernetesDirectory => Path.Combine(Root, "k8s");

    public static string DeployDirectory => Path.Combine(Root, "deploy");

    public static string OperationsGuide => Path.Combine(Root, "docs", "operations.md");

    public static string RelativePath(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FracCluster.sln")))
                return dir.FullName;
        }
        throw new DirectoryNotFoundException($"No FracCluster.sln in {AppContext.BaseDirectory} or any folder above it.");
    }
}
