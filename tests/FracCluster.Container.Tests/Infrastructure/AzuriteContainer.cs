using System.Net.Sockets;

namespace FracCluster.Container.Tests.Infrastructure;

/// <summary>Azurite in a container (deploy/Dockerfile.azurite) at a fixed address of the test's network.</summary>
public sealed class AzuriteContainer
{
    public const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    public AzuriteContainer(string name, string address)
    {
        Name = name;
        Address = address;
    }

    public string Name { get; }

    public string Address { get; }

    /// <summary>Azurite's development account (public key) at <paramref name="host"/>: the container's address or a name on the network.</summary>
    public static string ConnectionString(string host) =>
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AccountKey};" +
        $"BlobEndpoint=http://{host}:10000/devstoreaccount1;QueueEndpoint=http://{host}:10001/devstoreaccount1;TableEndpoint=http://{host}:10002/devstoreaccount1;";

    public string ConnectionString() => ConnectionString(Address);

    /// <summary>Starts the container and waits until blob, queue and table accept connections.</summary>
    public static async Task<AzuriteContainer> StartAsync(Podman podman, ContainerNetwork network, string name, int host)
    {
        var azurite = new AzuriteContainer(name, network.Address(host));
        await podman.RunAsync("run", "--detach", "--name", name, "--network", network.Name, "--ip", azurite.Address, podman.Options.AzuriteImage);
        await podman.WithLogsAsync(() => WaitListeningAsync(azurite.Address), name);
        return azurite;
    }

    public static Task WaitListeningAsync(string address) => Poll.UntilAsync(async () =>
    {
        foreach (var port in new[] { 10000, 10001, 10002 })
        {
            using var client = new TcpClient();
            try
            {
                using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.ConnectAsync(address, port, cts.Token);
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException)
            {
                return false;
            }
        }
        return true;
    }, TimeSpan.FromSeconds(90), $"Azurite at {address} to listen on 10000-10002", TimeSpan.FromMilliseconds(500));
}
