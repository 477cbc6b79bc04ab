namespace FracCluster.Deploy.Tests.Compose;

public sealed class ComposeIpam
{
    public List<ComposeIpamPool> Config { get; set; } = [];
}
