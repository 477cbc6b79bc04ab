using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Contracts.Worklist;
using Microsoft.Extensions.DependencyInjection;

namespace FracCluster.Cluster.Tests.Web;

/// <summary>The worklist grain's change feed, driven directly (the scans are records, not submitted images).</summary>
public sealed class WorklistGrainTests(WebSiloFixture app) : IClassFixture<WebSiloFixture>
{
    private IWorklistGrain Worklist => app.Services.GetRequiredService<IGrainFactory>().GetGrain<IWorklistGrain>(IWorklistGrain.Key);

    [Fact]
    public async Task Changes_after_a_cursor_hold_each_scan_once_in_its_latest_state_and_a_late_pending_never_undoes_a_final_one()
    {
        var id = "wl-" + Guid.NewGuid().ToString("N");
        await Worklist.RecordAsync(Scan(id, ScanStatus.Pending));
        var first = await UntilAsync(0, c => c.Scans.Any(s => s.ScanId == id));
        Assert.True(first.Reset);

        await Worklist.RecordAsync(Scan(id, ScanStatus.Completed));
        var second = await UntilAsync(first.Cursor, c => c.Scans.Count > 0);
        Assert.False(second.Reset);
        Assert.Equal(ScanStatus.Completed, Assert.Single(second.Scans).Status);

        await Worklist.RecordAsync(Scan(id, ScanStatus.Pending));
        var other = "wl-" + Guid.NewGuid().ToString("N");
        await Worklist.RecordAsync(Scan(other, ScanStatus.Rejected) with { Reason = "Corrupt" });
        var third = await UntilAsync(second.Cursor, c => c.Scans.Any(s => s.ScanId == other));
        Assert.Equal(other, Assert.Single(third.Scans).ScanId);
        var all = await Worklist.GetChangesAsync(0);
        Assert.Equal(ScanStatus.Completed, all.Scans.Single(s => s.ScanId == id).Status);
        Assert.True(all.RejectionsByReason["Corrupt"] >= 1);
    }

    [Fact]
    public async Task A_waiting_reader_is_answered_as_soon_as_a_scan_changes()
    {
        var now = await Worklist.GetChangesAsync(0);
        var waiting = Worklist.WaitForChangesAsync(now.Cursor, TimeSpan.FromSeconds(20));
        var id = "wl-" + Guid.NewGuid().ToString("N");
        await Worklist.RecordAsync(Scan(id, ScanStatus.Pending));
        var changes = await waiting.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Contains(changes.Scans, s => s.ScanId == id);
    }

    [Fact]
    public async Task A_cursor_from_another_activation_gets_the_whole_list_as_a_reset()
    {
        var now = await Worklist.GetChangesAsync(0);
        var fromTheFuture = await Worklist.GetChangesAsync(now.Cursor + 1_000_000);
        Assert.True(fromTheFuture.Reset);
        Assert.Equal(now.Scans.Count, fromTheFuture.Scans.Count);
    }

    private async Task<WorklistChanges> UntilAsync(long after, Func<WorklistChanges, bool> condition)
    {
        WorklistChanges? changes = null;
        await Poll.UntilAsync(async () => condition(changes = await Worklist.GetChangesAsync(after)), TimeSpan.FromSeconds(10), "the worklist change");
        return changes!;
    }

    private static ScanResult Scan(string id, ScanStatus status) => new()
    {
        ScanId = id,
        ScannerId = "grain-test",
        Status = status,
        ReceivedAt = DateTimeOffset.UtcNow,
        ProbabilityFractured = status == ScanStatus.Completed ? 0.7f : null,
    };
}
