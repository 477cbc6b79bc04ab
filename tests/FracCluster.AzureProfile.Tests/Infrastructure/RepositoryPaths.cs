using System.Reflection;

namespace FracCluster.AzureProfile.Tests.Infrastructure;

/// <summary>The built silo and CLI of this checkout (same configuration as the tests), found from the folder of FracCluster.sln.</summary>
public static class RepositoryPaths
{
    private static readonly Lazy<string> RootPath = new(FindRoot);

    public static string Root => RootPath.Value;

    public static string Configuration { get; } = typeof(RepositoryPaths).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "Configuration").Value ?? "Debug";

    public static string SiloDll => Built("FracCluster.Silo", "FracCluster.Silo.dll");

    public static string FracDll => Built("FracCluster.Cli", "frac.dll");

    private static string Built(string project, string file)
    {
        var path = Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", file);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is missing; build the solution (the test project references {project}).", path);
    }

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
