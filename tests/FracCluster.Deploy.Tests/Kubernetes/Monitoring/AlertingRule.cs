namespace FracCluster.Deploy.Tests.Kubernetes.Monitoring;

public sealed class AlertingRule
{
    public string Alert { get; set; } = string.Empty;

    public string Expr { get; set; } = string.Empty;

    public string? For { get; set; }

    public Dictionary<string, string> Labels { get; set; } = [];

    public Dictionary<string, string> Annotations { get; set; } = [];
}
