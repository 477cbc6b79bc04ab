using FracCluster.Dicom.Network;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

public sealed class ListenerMemoryBudgetTests
{
    [Fact]
    public async Task An_instance_that_would_exceed_the_listeners_memory_budget_is_refused_out_of_resources_until_memory_is_free()
    {
        var handler = new GatedStoreHandler();
        await using var host = await ListenerHost.StartAsync(handler, o =>
        {
            o.MaxDataSetBytes = 1024 * 1024;
            o.MaxBufferedBytes = 1024 * 1024;
        });
        var first = Instance("1.2.3.1", 600_000);
        var second = Instance("1.2.3.2", 600_000);
        var holding = Client(host, ListenerHost.ScannerAe).SendAsync([first], CancellationToken.None);
        await handler.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var refused = Assert.Single(await Client(host, "SCANNER2").SendAsync([second], CancellationToken.None));

        Assert.Equal(DicomStatus.OutOfResources, refused.Response?.Status);
        Assert.True(refused.Response!.Status.IsTransientFailure);
        handler.Release.SetResult();
        Assert.True(Assert.Single(await holding).IsStored);
        Assert.Equal(0, host.Listener.BufferedBytes);
        Assert.True(Assert.Single(await Client(host, "SCANNER2").SendAsync([second], CancellationToken.None)).IsStored);
        Assert.Equal(["1.2.3.1", "1.2.3.2"], handler.Stored.Order(StringComparer.Ordinal));
    }

    private static DicomStoreInstance Instance(string uid, int length) =>
        new(DicomNetworkUids.ComputedRadiographyImageStorage, uid, DicomNetworkUids.ExplicitVrLittleEndian, new byte[length]);

    private static DicomClient Client(ListenerHost host, string callingAe) => new(
        new DicomClientOptions { Host = "127.0.0.1", Port = host.Port, CallingAeTitle = callingAe, CalledAeTitle = ListenerHost.AeTitle },
        NullLogger<DicomClient>.Instance);

    /// <summary>Holds the first instance inside the handler until the test releases it, so its memory stays reserved.</summary>
    private sealed class GatedStoreHandler : IDicomStoreHandler
    {
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public System.Collections.Concurrent.ConcurrentBag<string> Stored { get; } = [];

        public async Task<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            if (Entered.TrySetResult())
            {
                await Release.Task.WaitAsync(cancellationToken);
            }

            Stored.Add(request.SopInstanceUid);
            return DicomStoreResult.Stored;
        }
    }
}
