using FracCluster.Dicom.Network;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>Our SCP against dcmtk's echoscu, storescu and dcmsend.</summary>
public sealed class StoreScpWithDcmtkTests(TestImageFiles files) : IClassFixture<TestImageFiles>
{
    public static TheoryData<string, string, string> Encodings => new()
    {
        // file, storescu's transfer-syntax option, the transfer syntax the data set must arrive in
        { "sc-implicit.dcm", "-xi", DicomNetworkUids.ImplicitVrLittleEndian },
        { "sc-explicit.dcm", "-xe", DicomNetworkUids.ExplicitVrLittleEndian },
        { "sc-deflated.dcm", "-xd", DicomNetworkUids.DeflatedExplicitVrLittleEndian },
        { "sc-rle.dcm", "-xr", DicomNetworkUids.RleLossless },
        { "sc-jpeg-sv1.dcm", "-xs", DicomNetworkUids.JpegLosslessSv1 },
        { "sc-jpeg-baseline.dcm", "-xy", DicomNetworkUids.JpegBaseline },
        { "sc-jpeg-extended.dcm", "-xx", DicomNetworkUids.JpegExtended },
    };

    [Fact]
    public async Task Echoscu_gets_success_from_a_known_calling_ae()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler());

        var echo = await Dcmtk.RunAsync("echoscu", ["-aet", ListenerHost.ScannerAe, "-aec", ListenerHost.AeTitle, "127.0.0.1", Port(host)]);

        Assert.True(echo.Succeeded, echo.Output);
    }

    [Fact]
    public async Task Echoscu_from_an_unknown_calling_ae_is_rejected_at_association_time()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler());

        var echo = await Dcmtk.RunAsync("echoscu", ["-v", "-aet", "WRONG", "-aec", ListenerHost.AeTitle, "127.0.0.1", Port(host)]);

        Assert.False(echo.Succeeded);
        Assert.Contains("Calling AE Title Not Recognized", echo.Output, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(host.Logger.Entries, e => e.EventId.Id == 5102 && e.Message.Contains("(calling WRONG, called FRACCLUSTER) rejected: calling AE title not recognized", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Echoscu_calling_another_ae_title_is_rejected_at_association_time()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler());

        var echo = await Dcmtk.RunAsync("echoscu", ["-v", "-aet", ListenerHost.ScannerAe, "-aec", "NOTUS", "127.0.0.1", Port(host)]);

        Assert.False(echo.Succeeded);
        Assert.Contains("Called AE Title Not Recognized", echo.Output, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [MemberData(nameof(Encodings))]
    public async Task Storescu_instance_arrives_byte_for_byte_in_its_transfer_syntax(string file, string proposal, string transferSyntax)
    {
        var handler = new RecordingStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler);
        var path = Path.Combine(files.Directory, file);
        var sent = Part10File.Read(path);
        Assert.Equal(transferSyntax, sent.TransferSyntaxUid);

        var store = await Dcmtk.RunAsync("storescu", ["-aet", ListenerHost.ScannerAe, "-aec", ListenerHost.AeTitle, proposal, "127.0.0.1", Port(host), path]);

        Assert.True(store.Succeeded, store.Output);
        var received = Assert.Single(handler.Instances);
        Assert.Equal(ListenerHost.ScannerAe, received.Request.CallingAeTitle);
        Assert.Equal(ListenerHost.ScannerId, received.Request.ScannerId);
        Assert.Equal(sent.SopClassUid, received.Request.SopClassUid);
        Assert.Equal(sent.SopInstanceUid, received.Request.SopInstanceUid);
        Assert.Equal(transferSyntax, received.Request.TransferSyntaxUid);
        Assert.Equal(EvenLength(sent.DataSet), received.DataSet);
    }

    [Fact]
    public async Task Dcmsend_stores_cr_dx_and_secondary_capture_in_one_association()
    {
        var handler = new RecordingStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler);
        string[] paths = [files.ComputedRadiography, files.DigitalXRay, files.SecondaryCaptureJpegLossless];

        var send = await Dcmtk.RunAsync("dcmsend", ["-aet", ListenerHost.ScannerAe, "-aec", ListenerHost.AeTitle, "127.0.0.1", Port(host), .. paths]);

        Assert.True(send.Succeeded, send.Output);
        var expected = paths.Select(Part10File.Read).OrderBy(f => f.SopInstanceUid, StringComparer.Ordinal).ToList();
        var received = handler.Instances.OrderBy(r => r.Request.SopInstanceUid, StringComparer.Ordinal).ToList();
        Assert.Equal(expected.Select(e => (e.SopClassUid, e.SopInstanceUid, e.TransferSyntaxUid)), received.Select(r => (r.Request.SopClassUid, r.Request.SopInstanceUid, r.Request.TransferSyntaxUid)));
        Assert.Equal(expected.Select(e => e.DataSet), received.Select(r => r.DataSet));
    }

    [Fact]
    public async Task A_failure_status_from_the_handler_reaches_the_sender()
    {
        var handler = new RecordingStoreHandler(_ => new DicomStoreResult(DicomStatus.OutOfResources, "disk full"));
        await using var host = await ListenerHost.StartAsync(handler);

        var store = await Dcmtk.RunAsync("storescu", ["-v", "-aet", ListenerHost.ScannerAe, "-aec", ListenerHost.AeTitle, "127.0.0.1", Port(host), files.SecondaryCaptureExplicit]);

        Assert.Contains("Received Store Response (Refused: OutOfResources)", store.Output, StringComparison.Ordinal);
        Assert.Single(handler.Instances);
    }

    [Fact]
    public async Task Four_parallel_associations_of_fifty_instances_are_each_acknowledged_once()
    {
        var handler = new RecordingStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler);

        var senders = Enumerable.Range(1, 4).Select(i => Dcmtk.RunAsync(
            "storescu",
            ["-aet", $"SCANNER{i}", "-aec", ListenerHost.AeTitle, "--repeat", "50", "+II", "127.0.0.1", Port(host), files.SecondaryCaptureExplicit],
            TimeSpan.FromMinutes(3)));
        var results = await Task.WhenAll(senders);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Output));
        Assert.Equal(200, handler.Instances.Count);
        Assert.Equal(200, handler.Instances.Select(r => r.Request.SopInstanceUid).Distinct().Count());
        Assert.Equal(
            ["scanner-1", "scanner-2", "scanner-3", "scanner-4"],
            handler.Instances.GroupBy(r => r.Request.ScannerId).Where(g => g.Count() == 50).Select(g => g.Key).Order());
    }

    /// <summary>
    /// A deflated data set may be odd in a file, but a PDV must be even (PS3.8 9.3.5.1), so dcmtk pads it with one
    /// zero byte on the wire; every other encoding here is already even.
    /// </summary>
    private static byte[] EvenLength(byte[] dataSet) => dataSet.Length % 2 == 0 ? dataSet : [.. dataSet, 0];

    private static string Port(ListenerHost host) => host.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
