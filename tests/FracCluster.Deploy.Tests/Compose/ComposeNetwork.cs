namespace FracCluster.Deploy.Tests.Compose;

public sealed class ComposeNetwork
{
    public ComposeIpam? Ipam { get; set; }
}
