using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Grains;
using FracCluster.Grains.Storage;
using FracCluster.Storage;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.Storage;

namespace FracCluster.Cluster.Tests;

public sealed class BlobGrainStorageTests : IDisposable
{
    private readonly TempFolder _data = new();
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer(b => b.AddAssembly(typeof(ScanRecord).Assembly).AddAssembly(typeof(ScanArrived).Assembly)).BuildServiceProvider();

    [Fact]
    public async Task State_round_trips_and_a_write_from_stale_state_is_refused()
    {
        var storage = new BlobGrainStorage("results", new FileBlobStore(_data.Path), _services.GetRequiredService<Serializer>());
        var id = GrainId.Create("scanresult", "abc/def:1");
        var first = new GrainState<ScanRecord>();
        await storage.ReadStateAsync("scan", id, first);
        Assert.False(first.RecordExists);

        first.State!.Result = new ScanResult { ScanId = "abc", ScannerId = "s", Status = ScanStatus.Pending, ReceivedAt = DateTimeOffset.UnixEpoch };
        await storage.WriteStateAsync("scan", id, first);

        var second = new GrainState<ScanRecord>();
        await storage.ReadStateAsync("scan", id, second);
        Assert.True(second.RecordExists);
        Assert.Equal(first.State.Result, second.State!.Result);
        Assert.Equal(first.ETag, second.ETag);

        second.State.Result = second.State.Result! with { Status = ScanStatus.Completed };
        await storage.WriteStateAsync("scan", id, second);
        await Assert.ThrowsAsync<InconsistentStateException>(() => storage.WriteStateAsync("scan", id, first));

        await storage.ClearStateAsync("scan", id, second);
        var cleared = new GrainState<ScanRecord>();
        await storage.ReadStateAsync("scan", id, cleared);
        Assert.False(cleared.RecordExists);
    }

    public void Dispose()
    {
        _services.Dispose();
        _data.Dispose();
    }
}
