namespace FracCluster.Deploy.Tests.Compose;

public sealed class ComposeIpamPool
{
    public string Subnet { get; set; } = string.Empty;
}
