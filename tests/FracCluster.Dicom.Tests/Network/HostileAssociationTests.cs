using System.Diagnostics;
using FracCluster.Dicom.Network;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>Peers that stall, lie about lengths, send garbage or vanish mid-instance: each is cut off, the SCP keeps serving.</summary>
public sealed class HostileAssociationTests(TestImageFiles files) : IClassFixture<TestImageFiles>
{
    private static readonly PresentationContextProposal SecondaryCapture =
        new(1, DicomNetworkUids.SecondaryCaptureImageStorage, [DicomNetworkUids.ExplicitVrLittleEndian]);

    [Fact]
    public async Task Half_a_pdu_then_silence_is_aborted_after_the_idle_timeout_while_another_association_keeps_working()
    {
        var handler = new RecordingStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler, o => o.IdleTimeout = TimeSpan.FromSeconds(4));
        await using var staller = await RawPeer.ConnectAsync(host.Port);
        Assert.IsType<AssociateAcceptPdu>(await staller.AssociateAsync(ListenerHost.ScannerAe, SecondaryCapture));
        var stalled = Stopwatch.StartNew();
        await staller.SendAsync([0x04, 0, 0, 0, 0, 100, 0, 0, 0, 96, 1, 0]);

        var store = await Dcmtk.RunAsync("storescu", ["-aet", "SCANNER2", "-aec", ListenerHost.AeTitle, "127.0.0.1", Port(host), files.SecondaryCaptureExplicit]);
        var storedAt = stalled.Elapsed;
        var abort = Assert.IsType<AbortPdu>(await staller.ReadAsync(TimeSpan.FromSeconds(20)));
        var abortedAt = stalled.Elapsed;

        Assert.True(store.Succeeded, store.Output);
        // Served before the stalled association was even cut off: the stall blocked nothing else.
        Assert.True(storedAt < TimeSpan.FromSeconds(4), $"the other association was served only at {storedAt}, after the stalled one timed out");
        Assert.True(abortedAt >= TimeSpan.FromSeconds(3.9), $"aborted after {abortedAt}, before the idle timeout");
        Assert.Equal(AbortSource.ServiceProvider, abort.Source);
        Assert.True(await staller.ClosedWithinAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("scanner-2", Assert.Single(handler.Instances).Request.ScannerId);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task A_connection_that_never_asks_to_associate_is_closed_after_the_artim_timeout()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler(), o => o.ArtimTimeout = TimeSpan.FromSeconds(1));
        await using var silent = await RawPeer.ConnectAsync(host.Port);

        Assert.True(await silent.ClosedWithinAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task Garbage_instead_of_an_association_request_gets_an_abort_and_the_listener_keeps_serving()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler());
        await using var peer = await RawPeer.ConnectAsync(host.Port);
        var garbage = new byte[64];
        new Random(3).NextBytes(garbage);
        garbage[0] = 0xEE;

        await peer.SendAsync(garbage);

        var abort = Assert.IsType<AbortPdu>(await peer.ReadAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(AbortReason.UnrecognizedPdu, abort.Reason);
        Assert.True(await peer.ClosedWithinAsync(TimeSpan.FromSeconds(5)));
        var echo = await Dcmtk.RunAsync("echoscu", ["-aet", ListenerHost.ScannerAe, "-aec", ListenerHost.AeTitle, "127.0.0.1", Port(host)]);
        Assert.True(echo.Succeeded, echo.Output);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task A_pdu_declared_longer_than_the_maximum_is_aborted_before_it_is_read()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler());
        await using var peer = await RawPeer.ConnectAsync(host.Port);
        Assert.IsType<AssociateAcceptPdu>(await peer.AssociateAsync(ListenerHost.ScannerAe, SecondaryCapture));

        await peer.SendAsync([0x04, 0, 0x7F, 0xFF, 0xFF, 0xFF]);

        var abort = Assert.IsType<AbortPdu>(await peer.ReadAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(AbortReason.InvalidPduParameterValue, abort.Reason);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task A_malformed_association_request_is_aborted()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler());
        await using var peer = await RawPeer.ConnectAsync(host.Port);
        var request = PduCodec.Encode(new AssociateRequestPdu(
            1, ListenerHost.AeTitle, ListenerHost.ScannerAe, DicomNetworkUids.ApplicationContext, [SecondaryCapture], new UserInformation(16384, "1.2.3", null)));
        // The application context item (right after the 74 bytes of header and fixed fields) claims 60000 bytes.
        request[76] = 0xEA;
        request[77] = 0x60;

        await peer.SendAsync(request);

        var abort = Assert.IsType<AbortPdu>(await peer.ReadAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(AbortReason.InvalidPduParameterValue, abort.Reason);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task An_instance_whose_association_is_aborted_mid_data_set_never_reaches_the_handler()
    {
        var handler = new RecordingStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler);
        await using (var peer = await RawPeer.ConnectAsync(host.Port))
        {
            Assert.IsType<AssociateAcceptPdu>(await peer.AssociateAsync(ListenerHost.ScannerAe, SecondaryCapture));
            await peer.SendPdvAsync(1, isCommand: true, isLast: true, StoreCommand("1.2.3.4.1"));
            await peer.SendPdvAsync(1, isCommand: false, isLast: false, new byte[1000]);
            await peer.SendAsync(PduCodec.Encode(new AbortPdu(AbortSource.ServiceUser, AbortReason.NotSpecified)));
            Assert.True(await peer.ClosedWithinAsync(TimeSpan.FromSeconds(10)));
        }

        await using (var peer = await RawPeer.ConnectAsync(host.Port))
        {
            Assert.IsType<AssociateAcceptPdu>(await peer.AssociateAsync(ListenerHost.ScannerAe, SecondaryCapture));
            await peer.SendPdvAsync(1, isCommand: true, isLast: true, StoreCommand("1.2.3.4.2"));
            await peer.SendPdvAsync(1, isCommand: false, isLast: false, new byte[1000]);
        }

        var store = await Dcmtk.RunAsync("storescu", ["-aet", ListenerHost.ScannerAe, "-aec", ListenerHost.AeTitle, "127.0.0.1", Port(host), files.SecondaryCaptureExplicit]);
        Assert.True(store.Succeeded, store.Output);
        Assert.Equal(Part10File.Read(files.SecondaryCaptureExplicit).SopInstanceUid, Assert.Single(handler.Instances).Request.SopInstanceUid);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task A_data_fragment_on_a_context_that_was_not_accepted_is_aborted()
    {
        var handler = new RecordingStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler);
        await using var peer = await RawPeer.ConnectAsync(host.Port);
        var accept = Assert.IsType<AssociateAcceptPdu>(await peer.AssociateAsync(
            ListenerHost.ScannerAe,
            SecondaryCapture,
            new PresentationContextProposal(3, DicomNetworkUids.SecondaryCaptureImageStorage, ["1.2.840.10008.1.2.4.90"])));
        Assert.Equal(PresentationContextResult.TransferSyntaxesNotSupported, accept.PresentationContexts.Single(c => c.Id == 3).Result);

        await peer.SendPdvAsync(3, isCommand: true, isLast: true, StoreCommand("1.2.3.4.3"));

        Assert.IsType<AbortPdu>(await peer.ReadAsync(TimeSpan.FromSeconds(10)));
        Assert.Empty(handler.Instances);
        Assert.Empty(host.Errors);
    }

    [Fact]
    public async Task A_second_association_request_inside_an_association_is_aborted()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler());
        await using var peer = await RawPeer.ConnectAsync(host.Port);
        Assert.IsType<AssociateAcceptPdu>(await peer.AssociateAsync(ListenerHost.ScannerAe, SecondaryCapture));

        var again = await peer.AssociateAsync(ListenerHost.ScannerAe, SecondaryCapture);

        Assert.Equal(AbortReason.UnexpectedPdu, Assert.IsType<AbortPdu>(again).Reason);
        Assert.Empty(host.Errors);
    }

    private static byte[] StoreCommand(string sopInstanceUid) => DimseCommandCodec.Encode(new DimseCommand
    {
        CommandField = (ushort)DimseCommandField.CStoreRequest,
        AffectedSopClassUid = DicomNetworkUids.SecondaryCaptureImageStorage,
        AffectedSopInstanceUid = sopInstanceUid,
        MessageId = 1,
        Priority = 0,
        CommandDataSetType = 0,
    });

    private static string Port(ListenerHost host) => host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
