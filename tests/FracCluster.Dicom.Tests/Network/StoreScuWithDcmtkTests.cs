using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FracCluster.Dicom.Network;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

/// <summary>Our SCU against dcmtk's storescp as the PACS, and against our own SCP for the failure kinds.</summary>
public sealed class StoreScuWithDcmtkTests(TestImageFiles files) : IClassFixture<TestImageFiles>
{
    [Fact]
    public async Task Instances_sent_to_storescp_arrive_intact_in_their_own_transfer_syntax()
    {
        var output = Directory.CreateDirectory(Path.Combine(files.Directory, "storescp-" + Guid.NewGuid().ToString("N"))).FullName;
        var port = FreePort();
        // +B writes the data set bit for bit as received; +xa accepts the compressed syntaxes too; +uf because the
        // secondary captures are one instance in four encodings (same SOP Instance UID).
        using var storescp = StartStorescp(port, "-aet", "PACS", "+xa", "+B", "+uf", "-od", output);
        var client = new DicomClient(ClientOptions(port, "PACS"), NullLogger<DicomClient>.Instance);
        var sent = new[] { files.SecondaryCaptureImplicit, files.SecondaryCaptureExplicit, files.SecondaryCaptureRle, files.SecondaryCaptureJpegLosslessSv1, files.ComputedRadiography, files.DigitalXRay }
            .Select(Part10File.Read)
            .ToList();

        var outcomes = await SendWhenListeningAsync(client, sent.Select(f => f.ToInstance()).ToList());

        Assert.All(outcomes, o => Assert.True(o.IsStored, $"{o.Instance.SopInstanceUid}: {o.Response?.Status} {o.Failure?.Message}"));
        var received = Directory.GetFiles(output).Select(Part10File.Read).ToDictionary(f => (f.SopInstanceUid, f.TransferSyntaxUid));
        Assert.Equal(sent.Count, received.Count);
        foreach (var file in sent)
        {
            var copy = received[(file.SopInstanceUid, file.TransferSyntaxUid)];
            Assert.Equal(file.SopClassUid, copy.SopClassUid);
            Assert.Equal(file.DataSet, copy.DataSet);
        }

        foreach (var path in Directory.GetFiles(output))
        {
            var dump = await Dcmtk.RunCheckedAsync("dcmdump", "-q", path);
            Assert.Contains("(0008,0018) UI [", dump.Output, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Echo_to_storescp_succeeds()
    {
        var port = FreePort();
        using var storescp = StartStorescp(port, "-aet", "PACS");
        var client = new DicomClient(ClientOptions(port, "PACS"), NullLogger<DicomClient>.Instance);

        var status = await RetryUntilListeningAsync(() => client.EchoAsync(CancellationToken.None));

        Assert.Equal(DicomStatus.Success, status);
    }

    [Fact]
    public async Task An_unknown_calling_ae_is_a_permanent_association_rejection()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler());
        var options = ClientOptions(host.Port, ListenerHost.AeTitle);
        options.CallingAeTitle = "STRANGER";
        var client = new DicomClient(options, NullLogger<DicomClient>.Instance);

        var failure = await Assert.ThrowsAsync<DicomNetworkException>(() => client.EchoAsync(CancellationToken.None));

        Assert.Equal(DicomNetworkFailure.AssociationRejected, failure.Failure);
        Assert.Equal(DicomAssociationRejection.CallingAeTitleNotRecognized, failure.Rejection);
        Assert.False(failure.IsTransient);
    }

    [Fact]
    public async Task An_association_over_the_limit_is_a_transient_rejection()
    {
        await using var host = await ListenerHost.StartAsync(new RecordingStoreHandler(), o => o.MaxConcurrentAssociations = 1);
        var client = new DicomClient(ClientOptions(host.Port, ListenerHost.AeTitle), NullLogger<DicomClient>.Instance);
        await using var first = await client.OpenAsync([DicomPresentationContextRequest.Verification], CancellationToken.None);

        var failure = await Assert.ThrowsAsync<DicomNetworkException>(() => client.EchoAsync(CancellationToken.None));

        Assert.Equal(DicomAssociationRejection.LocalLimitExceeded, failure.Rejection);
        Assert.True(failure.IsTransient);
        Assert.Equal(DicomStatus.Success, await first.EchoAsync(CancellationToken.None));
        await first.ReleaseAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_peer_that_is_down_is_a_transient_connect_failure()
    {
        var client = new DicomClient(ClientOptions(FreePort(), "PACS"), NullLogger<DicomClient>.Instance);

        var failure = await Assert.ThrowsAsync<DicomNetworkException>(() => client.EchoAsync(CancellationToken.None));

        Assert.Equal(DicomNetworkFailure.ConnectFailed, failure.Failure);
        Assert.True(failure.IsTransient);
    }

    [Fact]
    public async Task Jpeg_2000_is_never_accepted_so_the_instance_has_no_presentation_context()
    {
        var handler = new RecordingStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler);
        var client = new DicomClient(ClientOptions(host.Port, ListenerHost.AeTitle), NullLogger<DicomClient>.Instance);
        var instance = Part10File.Read(files.SecondaryCaptureExplicit).ToInstance() with { TransferSyntaxUid = "1.2.840.10008.1.2.4.90" };

        var outcome = Assert.Single(await client.SendAsync([instance], CancellationToken.None));

        Assert.Equal(DicomNetworkFailure.NoPresentationContext, outcome.Failure?.Failure);
        Assert.False(outcome.Failure!.IsTransient);
        Assert.Empty(handler.Instances);
    }

    [Fact]
    public async Task A_data_set_over_the_limit_is_answered_out_of_resources_and_never_handed_over()
    {
        var handler = new RecordingStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler, o => o.MaxDataSetBytes = 4096);
        var client = new DicomClient(ClientOptions(host.Port, ListenerHost.AeTitle), NullLogger<DicomClient>.Instance);
        var small = Part10File.Read(files.SecondaryCaptureJpegBaseline).ToInstance();
        var large = Part10File.Read(files.SecondaryCaptureExplicit).ToInstance();
        Assert.True(small.DataSet.Length < 4096 && large.DataSet.Length > 4096);

        var outcomes = await client.SendAsync([large, small], CancellationToken.None);

        Assert.Equal(DicomStatus.OutOfResources, outcomes[0].Response?.Status);
        Assert.True(outcomes[0].Response!.Status.IsTransientFailure);
        Assert.Equal(DicomStatus.Success, outcomes[1].Response?.Status);
        Assert.Equal(small.SopInstanceUid, Assert.Single(handler.Instances).Request.SopInstanceUid);
    }

    [Fact]
    public async Task Our_scu_and_scp_move_a_data_set_larger_than_many_pdus_unchanged()
    {
        var handler = new RecordingStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler, o => o.MaxPduLength = 4096);
        var options = ClientOptions(host.Port, ListenerHost.AeTitle);
        options.MaxPduLength = 8192;
        var client = new DicomClient(options, NullLogger<DicomClient>.Instance);
        var payload = new byte[1_000_002];
        new Random(7).NextBytes(payload);
        var instance = new DicomStoreInstance(DicomNetworkUids.DigitalXRayImageStorageForProcessing, "1.2.3.4.5", DicomNetworkUids.ExplicitVrLittleEndian, payload);

        var outcome = Assert.Single(await client.SendAsync([instance], CancellationToken.None));

        Assert.Equal(DicomStatus.Success, outcome.Response?.Status);
        var received = Assert.Single(handler.Instances);
        Assert.Equal(payload, received.DataSet);
        Assert.Equal(DicomNetworkUids.DigitalXRayImageStorageForProcessing, received.Request.SopClassUid);
    }

    [Fact]
    public async Task A_handler_that_throws_is_answered_processing_failure_and_the_association_carries_on()
    {
        var calls = 0;
        var handler = new RecordingStoreHandler(_ => Interlocked.Increment(ref calls) == 1 ? throw new IOException("blob store unreachable") : DicomStoreResult.Stored);
        await using var host = await ListenerHost.StartAsync(handler);
        var client = new DicomClient(ClientOptions(host.Port, ListenerHost.AeTitle), NullLogger<DicomClient>.Instance);
        var first = new DicomStoreInstance(DicomNetworkUids.ComputedRadiographyImageStorage, "1.2.3.1", DicomNetworkUids.ImplicitVrLittleEndian, new byte[10]);

        var outcomes = await client.SendAsync([first, first with { SopInstanceUid = "1.2.3.2" }], CancellationToken.None);

        Assert.Equal(DicomStatus.ProcessingFailure, outcomes[0].Response?.Status);
        Assert.Equal("the receiver failed to store the instance", outcomes[0].Response?.ErrorComment);
        Assert.Equal(DicomStatus.Success, outcomes[1].Response?.Status);
        var error = Assert.Single(host.Errors);
        Assert.Equal("blob store unreachable", error.Exception?.Message);
    }

    internal static int FreePort()
    {
        using var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        return ((IPEndPoint)probe.LocalEndpoint).Port;
    }

    private static DicomClientOptions ClientOptions(int port, string calledAe) => new()
    {
        Host = "127.0.0.1",
        Port = port,
        CallingAeTitle = ListenerHost.ScannerAe,
        CalledAeTitle = calledAe,
        ConnectTimeout = TimeSpan.FromSeconds(5),
        AssociationTimeout = TimeSpan.FromSeconds(10),
        ResponseTimeout = TimeSpan.FromSeconds(30),
    };

    private static StorescpProcess StartStorescp(int port, params string[] arguments)
    {
        var start = new ProcessStartInfo("storescp") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add(port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return new StorescpProcess(Process.Start(start) ?? throw new InvalidOperationException("storescp did not start"));
    }

    private static Task<IReadOnlyList<DicomStoreOutcome>> SendWhenListeningAsync(DicomClient client, IReadOnlyList<DicomStoreInstance> instances) =>
        RetryUntilListeningAsync(() => client.SendAsync(instances, CancellationToken.None));

    /// <summary>storescp binds its port a moment after it starts; only a refused connection is retried.</summary>
    private static async Task<T> RetryUntilListeningAsync<T>(Func<Task<T>> action)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await action();
            }
            catch (DicomNetworkException ex) when (ex.Failure == DicomNetworkFailure.ConnectFailed && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
    }

    private sealed class StorescpProcess(Process process) : IDisposable
    {
        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit();
            }

            process.Dispose();
        }
    }
}
