namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>
/// A podman bridge network of the test's own (a /24 in 10.231.0.0/16, chosen at random and retried on a clash; podman assigns the lower half), removed
/// on dispose. Every container of a test lives on it; the host reaches them at their addresses there and nowhere else.
/// </summary>
public sealed class ContainerNetwork : IAsyncDisposable
{
    private readonly Podman _podman;

    private ContainerNetwork(Podman podman, string name, int block)
    {
        _podman = podman;
        Name = name;
        Block = block;
    }

    public string Name { get; }

    public int Block { get; }

    public string Subnet => $"10.231.{Block}.0/24";

    /// <summary>A fixed address in the subnet (podman assigns .2-.127 itself; use .128 and up).</summary>
    public string Address(int host) => $"10.231.{Block}.{host}";

    public static async Task<ContainerNetwork> CreateAsync(Podman podman, string prefix)
    {
        for (var attempt = 1; ; attempt++)
        {
            var block = Random.Shared.Next(16, 250);
            var name = $"{prefix}-{block}";
            var result = await podman.TryAsync("network", "create", "--subnet", $"10.231.{block}.0/24",
                "--ip-range", $"10.231.{block}.0/25", name);
            if (result.Succeeded)
                return new ContainerNetwork(podman, name, block);
            if (attempt == 5)
                result.EnsureSuccess();
        }
    }

    public async ValueTask DisposeAsync() => await _podman.TryAsync("network", "rm", "--force", Name);
}
