using System.Net;
using System.Net.Sockets;
using FracCluster.Dicom.Network;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>The SCU against a hand-driven SCP that accepts the association and then misbehaves.</summary>
public sealed class ScuAgainstSilentScpTests
{
    [Fact]
    public async Task An_scp_that_never_answers_a_store_is_a_transient_timeout_and_the_rest_are_not_sent()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var scp = AcceptThenAsync(server, _ => Task.Delay(TimeSpan.FromSeconds(30)));
        var client = Client(server, responseTimeout: TimeSpan.FromSeconds(1));

        var outcomes = await client.SendAsync([Instance("1.2.3.1"), Instance("1.2.3.2")], CancellationToken.None);

        Assert.All(outcomes, o => Assert.Equal(DicomNetworkFailure.Timeout, o.Failure?.Failure));
        Assert.True(outcomes[0].Failure!.IsTransient);
        Assert.Same(outcomes[0].Failure, outcomes[1].Failure);
        await scp.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task An_scp_that_answers_with_garbage_is_a_permanent_protocol_error()
    {
        using var server = new TcpListener(IPAddress.Loopback, 0);
        server.Start();
        var scp = AcceptThenAsync(server, stream => stream.WriteAsync(new byte[] { 0x04, 0, 0, 0, 0, 6, 0, 0, 0, 9, 1, 3 }).AsTask());
        var client = Client(server, responseTimeout: TimeSpan.FromSeconds(10));

        var outcome = Assert.Single(await client.SendAsync([Instance("1.2.3.1")], CancellationToken.None));

        Assert.Equal(DicomNetworkFailure.ProtocolError, outcome.Failure?.Failure);
        Assert.False(outcome.Failure!.IsTransient);
        await scp.WaitAsync(TimeSpan.FromSeconds(30));
    }

    private static DicomStoreInstance Instance(string uid) =>
        new(DicomNetworkUids.ComputedRadiographyImageStorage, uid, DicomNetworkUids.ExplicitVrLittleEndian, new byte[100]);

    private static DicomClient Client(TcpListener server, TimeSpan responseTimeout) => new(
        new DicomClientOptions
        {
            Host = "127.0.0.1",
            Port = ((IPEndPoint)server.LocalEndpoint).Port,
            CallingAeTitle = "FRACCLUSTER",
            CalledAeTitle = "PACS",
            ResponseTimeout = responseTimeout,
        },
        NullLogger<DicomClient>.Instance);

    /// <summary>Accepts one association (every context with its first syntax), reads the request, then does <paramref name="then"/>.</summary>
    private static async Task AcceptThenAsync(TcpListener server, Func<NetworkStream, Task> then)
    {
        using var connection = await server.AcceptTcpClientAsync();
        var stream = connection.GetStream();
        var channel = new DicomPduChannel(stream, 1 << 20, TimeSpan.FromSeconds(10));
        var request = Assert.IsType<AssociateRequestPdu>(await channel.ReadAsync(TimeSpan.FromSeconds(10), CancellationToken.None));
        await channel.WriteAsync(
            new AssociateAcceptPdu(
                request.CalledAeTitle,
                request.CallingAeTitle,
                DicomNetworkUids.ApplicationContext,
                request.PresentationContexts.Select(p => new PresentationContextAnswer(p.Id, PresentationContextResult.Acceptance, p.TransferSyntaxes[0])).ToList(),
                new UserInformation(16384, "1.2.3", null)),
            CancellationToken.None);
        await channel.ReadAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        var misbehaviour = then(stream);
        // The SCU gives up (abort, close) before a slow "then" ends; either way this side is done.
        await Task.WhenAny(misbehaviour, DrainUntilClosedAsync(stream));
    }

    private static async Task DrainUntilClosedAsync(NetworkStream stream)
    {
        var sink = new byte[4096];
        try
        {
            while (await stream.ReadAsync(sink) > 0)
            {
            }
        }
        catch (IOException)
        {
        }
    }
}
