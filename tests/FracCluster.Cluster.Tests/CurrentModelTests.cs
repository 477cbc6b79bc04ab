using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;

namespace FracCluster.Cluster.Tests;

/// <summary>
/// The cluster's current model is one durable record every model grain follows: a silo that starts after a model was
/// loaded serves that model, not its configured checkpoint; a grain switched behind the record's back returns to it; a
/// rollback goes back one model everywhere.
/// </summary>
public sealed class CurrentModelTests(CurrentModelClusterFixture fixture) : IClassFixture<CurrentModelClusterFixture>
{
    // Model grains re-read the record on every keep-alive (5 s); twice that and some slack.
    private static readonly TimeSpan Follow = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Silos_that_start_later_serve_the_current_model_grains_return_to_it_and_a_rollback_reaches_every_silo()
    {
        var record = fixture.Client.GetGrain<ICurrentModelGrain>(0);
        Assert.All(await fixture.ModelsAsync(), m => Assert.Equal("v1", m.ModelVersion));
        Assert.Null(await record.GetAsync());
        Assert.Null(await record.RollbackAsync("test operator"));

        // What POST /v1/models/load does: record it, then load everywhere.
        var current = await record.SetAsync("v2", null, "test operator");
        await LoadEverywhereAsync("v2");
        current = await record.SetVersionAsync(current.Revision, "v2");
        Assert.Equal("v2", current!.ModelVersion);
        Assert.Equal(1, current.Revision);

        // A silo that joins now (a scale-out pod, a restart) is configured with v1 but must serve v2.
        var joined = await fixture.Cluster.StartAdditionalSiloAsync();
        var newcomer = joined.SiloAddress.ToParsableString();
        await Poll.UntilAsync(async () => (await fixture.ModelsAsync()).Any(m => m.Silo == newcomer && m.Ready), Follow, "the new silo's model grain to be ready");
        var fresh = Assert.Single(await fixture.ModelsAsync(), m => m.Silo == newcomer);
        Assert.Equal("v2", fresh.ModelVersion);
        Assert.Equal(1, fresh.FollowedRevision);

        // Scans served by the newcomer say v2 too.
        await using (var driver = new ScanDriver(fixture.Client))
        {
            var ids = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => driver.SubmitAsync($"current-{i % 10}", TestImages.Png((byte)i))));
            Assert.All(await driver.WaitAllAsync(ids, Follow), r => Assert.Equal("v2", r.ModelVersion));
        }

        // A model loaded on one silo without the record is not what the cluster serves: that grain goes back to v2.
        await fixture.Client.GetGrain<ISiloControlGrain>(newcomer).LoadModelAsync("rogue");
        await Poll.UntilAsync(async () => (await fixture.ModelsAsync()).All(m => m.ModelVersion == "v2"), Follow, "every grain back on the current model");

        // v3, then a rollback: every grain ends on v2 again, revision 3.
        await record.SetAsync("v3", null, "test operator");
        await LoadEverywhereAsync("v3");
        var back = await record.RollbackAsync("test operator");
        Assert.NotNull(back);
        Assert.Equal("v2", back.Checkpoint);
        Assert.Equal(3, back.Revision);
        Assert.Equal("rollback by test operator", back.SetBy);
        await Poll.UntilAsync(async () => (await fixture.ModelsAsync()).All(m => m.ModelVersion == "v2" && m.FollowedRevision == 3), Follow, "every grain on v2 at revision 3");
        Assert.Equal(3, (await fixture.ModelsAsync()).Count);
    }

    private async Task LoadEverywhereAsync(string checkpoint) =>
        await Task.WhenAll(fixture.Cluster.Silos.Select(s => fixture.Client.GetGrain<ISiloControlGrain>(s.SiloAddress.ToParsableString()).LoadModelAsync(checkpoint)));
}
