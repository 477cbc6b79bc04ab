namespace FracCluster.Silo.Api;

public sealed class ApiKeyFileNotFoundException(string path)
    : Exception($"Frac:Api:ApiKeyFile names '{path}', which does not exist.")
{
    public string Path { get; } = path;
}
