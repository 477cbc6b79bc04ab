using YamlDotNet.Serialization;

namespace FracCluster.Deploy.Tests.Compose;

public sealed class ComposeNetworkAttachment
{
    [YamlMember(Alias = "ipv4_address")]
    public string? Ipv4Address { get; set; }
}
