using YamlDotNet.Serialization;

namespace FracCluster.Deploy.Tests.Compose;

public sealed class ComposeService
{
    public string? Image { get; set; }

    public ComposeBuild? Build { get; set; }

    public List<string> Command { get; set; } = [];

    public Dictionary<string, string> Environment { get; set; } = [];

    public List<string> Ports { get; set; } = [];

    [YamlMember(Alias = "depends_on")]
    public Dictionary<string, ComposeDependency> DependsOn { get; set; } = [];

    public ComposeHealthcheck? Healthcheck { get; set; }

    public Dictionary<string, ComposeNetworkAttachment?> Networks { get; set; } = [];

    [YamlMember(Alias = "read_only")]
    public bool ReadOnly { get; set; }

    public string? Restart { get; set; }
}
