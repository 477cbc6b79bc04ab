namespace FracCluster.Deploy.Tests.Compose;

public sealed class ComposeHealthcheck
{
    public List<string> Test { get; set; } = [];

    public string? Interval { get; set; }

    public int Retries { get; set; }
}
