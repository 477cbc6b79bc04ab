using FracCluster.Dicom.Network;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit;

namespace FracCluster.Dicom.Tests.Network;

public sealed class ListenerShutdownTests
{
    [Fact]
    public async Task A_listener_stopping_mid_association_leaves_only_the_answered_instances_acknowledged()
    {
        var handler = new StopOnSecondInstanceHandler();
        await using var host = await ListenerHost.StartAsync(handler);
        handler.Listener = host.Listener;
        var client = new DicomClient(
            new DicomClientOptions { Host = "127.0.0.1", Port = host.Port, CallingAeTitle = ListenerHost.ScannerAe, CalledAeTitle = ListenerHost.AeTitle },
            NullLogger<DicomClient>.Instance);
        var instances = Enumerable.Range(1, 3)
            .Select(i => new DicomStoreInstance(DicomNetworkUids.ComputedRadiographyImageStorage, $"1.2.3.{i}", DicomNetworkUids.ImplicitVrLittleEndian, new byte[2000]))
            .ToList();

        var outcomes = await client.SendAsync(instances, CancellationToken.None);
        await handler.Stopped!.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.True(outcomes[0].IsStored);
        Assert.All(outcomes.Skip(1), o =>
        {
            Assert.False(o.IsStored);
            Assert.True(o.Failure!.IsTransient, o.Failure.Message);
        });
        Assert.Equal(["1.2.3.1"], handler.Completed);
        Assert.Equal(0, host.Listener.ActiveAssociations);
        Assert.Equal(0, host.Listener.BufferedBytes);
    }

    /// <summary>Stores the first instance; on the second, stops the listener and waits to be cancelled by it.</summary>
    private sealed class StopOnSecondInstanceHandler : IDicomStoreHandler
    {
        public DicomListener? Listener { get; set; }

        public Task? Stopped { get; private set; }

        public List<string> Completed { get; } = [];

        public async Task<DicomStoreResult> StoreAsync(DicomStoreRequest request, CancellationToken cancellationToken)
        {
            if (Completed.Count == 0)
            {
                Completed.Add(request.SopInstanceUid);
                return DicomStoreResult.Stored;
            }

            // StopAsync waits for this very association, so it must run beside the handler, not inside it.
            Stopped = Task.Run(() => Listener!.StopAsync(CancellationToken.None), CancellationToken.None);
            await Task.Delay(Timeout.Infinite, cancellationToken);
            Completed.Add(request.SopInstanceUid);
            return DicomStoreResult.Stored;
        }
    }
}
