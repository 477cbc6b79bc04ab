namespace FracCluster.Deploy.Tests.Compose;

public sealed class ComposeBuild
{
    public string Context { get; set; } = ".";

    public string Dockerfile { get; set; } = "Dockerfile";
}
