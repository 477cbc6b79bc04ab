namespace FracCluster.Deploy.Tests.Compose;

public sealed class ComposeDependency
{
    public string Condition { get; set; } = "service_started";
}
