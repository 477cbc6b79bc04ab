using System.Net.Sockets;
using FracCluster.Dicom.Network;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>A hand-driven peer: sends exactly the bytes a test chooses (valid, truncated, or garbage) and reads PDUs back.</summary>
internal sealed class RawPeer : IAsyncDisposable
{
    private readonly TcpClient _client;
    private readonly NetworkStream _stream;
    private readonly DicomPduChannel _channel;

    private RawPeer(TcpClient client)
    {
        _client = client;
        _stream = client.GetStream();
        _channel = new DicomPduChannel(_stream, 1 << 20, TimeSpan.FromSeconds(10));
    }

    public static async Task<RawPeer> ConnectAsync(int port)
    {
        var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        return new RawPeer(client);
    }

    public async Task<Pdu> AssociateAsync(string callingAe, params PresentationContextProposal[] contexts)
    {
        await SendAsync(PduCodec.Encode(new AssociateRequestPdu(
            1,
            ListenerHost.AeTitle,
            callingAe,
            DicomNetworkUids.ApplicationContext,
            contexts,
            new UserInformation(1 << 20, "1.2.3.4", "RAWPEER"))));
        return await ReadAsync(TimeSpan.FromSeconds(10));
    }

    public async Task SendAsync(byte[] bytes)
    {
        await _stream.WriteAsync(bytes);
        await _stream.FlushAsync();
    }

    public Task SendPdvAsync(byte contextId, bool isCommand, bool isLast, byte[] data) =>
        SendAsync(PduCodec.Encode(new PDataPdu([new Pdv(contextId, isCommand, isLast, data)])));

    public Task<Pdu> ReadAsync(TimeSpan timeout) => _channel.ReadAsync(timeout, CancellationToken.None);

    /// <summary>True when the peer closed the connection within <paramref name="timeout"/> (after any PDUs it sent).</summary>
    public async Task<bool> ClosedWithinAsync(TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        var sink = new byte[1024];
        try
        {
            while (await _stream.ReadAsync(sink, deadline.Token) > 0)
            {
            }

            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
        catch (IOException)
        {
            return true;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        _client.Dispose();
    }
}
