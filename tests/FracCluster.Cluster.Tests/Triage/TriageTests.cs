using FracCluster.Cluster.Tests.Fakes;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;
using FracCluster.Ml.Inference;

namespace FracCluster.Cluster.Tests.Triage;

/// <summary>
/// Urgent scans under a backlog, on one silo with a slow device (250 ms a pass): they overtake the queued routine
/// batches, routine scans are not starved by a flood of urgent ones, and a deadline the queue cannot meet is refused
/// at once. Orders are asserted, not times.
/// </summary>
public sealed class TriageTests(TriageClusterFixture fixture) : IClassFixture<TriageClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Urgent_scans_sent_after_a_backlog_run_next_ahead_of_the_routine_batches_queued_before_them()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var device = fixture.Device;
        var mark = device.Now;
        device.Hold();
        string[] routine, urgent;
        try
        {
            // A backlog of six batches, the device held on the first: every batch slot is taken, the rest waits.
            routine = await Task.WhenAll(Enumerable.Range(0, 96).Select(i => driver.SubmitAsync("triage-backlog", TestImages.Png((byte)i))));
            urgent = await Task.WhenAll(Enumerable.Range(0, 2).Select(i => driver.SubmitAsync("triage-urgent", TestImages.Png((byte)(200 + i)), priority: ScanPriority.Urgent)));
            // Both urgent scans reach the device (as express batches) while a routine batch also waits there.
            await Poll.UntilAsync(() => Task.FromResult(device.UrgentImagesWaiting >= 2), Timeout, "the urgent scans to reach the device");
        }
        finally
        {
            device.Release();
        }
        var urgentResults = await driver.WaitAllAsync(urgent, Timeout);
        var routineResults = await driver.WaitAllAsync(routine, Timeout);

        Assert.All(urgentResults, r =>
        {
            Assert.Equal(ScanStatus.Completed, r.Status);
            Assert.Equal(ScanPriority.Urgent, r.Priority);
        });
        Assert.All(routineResults, r => Assert.Equal(ScanPriority.Routine, r.Priority));
        var passes = device.Passes.Where(p => p.Started >= mark).ToList();
        // The held pass, then the urgent ones, then the rest of the backlog (which was queued ahead of them).
        Assert.True(passes.Count >= 4, Describe(passes));
        Assert.Equal(WorkPriority.Normal, passes[0].Priority);
        var urgentPasses = passes.Skip(1).TakeWhile(p => p.Priority == WorkPriority.High).ToList();
        Assert.True(urgentPasses.Sum(p => p.Images) >= 2, $"the urgent scans did not run right after the pass that was running: {Describe(passes)}");
        Assert.True(passes.Skip(1 + urgentPasses.Count).Count(p => p.Priority == WorkPriority.Normal) >= 4, $"the backlog was not still waiting: {Describe(passes)}");
        var lastUrgentDone = urgentResults.Max(r => r.CompletedAt!.Value);
        Assert.True(routineResults.Count(r => r.CompletedAt > lastUrgentDone) >= 64, "fewer than four routine batches finished after the urgent scans");
    }

    [Fact]
    public async Task A_flood_of_urgent_scans_does_not_starve_routine_ones()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var device = fixture.Device;
        device.Hold();
        string[] blockers, routine, urgent;
        try
        {
            // Two batches take both slots (the device held on the first); then routine scans, then ten times as many
            // urgent ones, all waiting in the batcher together.
            blockers = await Task.WhenAll(Enumerable.Range(0, 32).Select(i => driver.SubmitAsync("flood-blocker", TestImages.Png((byte)i))));
            routine = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => driver.SubmitAsync("flood-routine", TestImages.Png((byte)i))));
            urgent = await Task.WhenAll(Enumerable.Range(0, 160).Select(i => driver.SubmitAsync("flood-urgent", TestImages.Png((byte)(50 + i)), priority: ScanPriority.Urgent)));
        }
        finally
        {
            device.Release();
        }

        var routineResults = await driver.WaitAllAsync(routine, Timeout);
        var urgentResults = await driver.WaitAllAsync(urgent, Timeout);
        await driver.WaitAllAsync(blockers, Timeout);

        Assert.All(routineResults.Concat(urgentResults), r => Assert.Equal(ScanStatus.Completed, r.Status));
        // Each batch keeps 4 of its 16 places for routine scans while any wait: the routine scans are through while
        // urgent ones still wait, instead of after the whole flood (express batches of urgent scans only run meanwhile).
        var routineDone = routineResults.Max(r => r.CompletedAt!.Value);
        var urgentAfter = urgentResults.Count(r => r.CompletedAt > routineDone);
        Assert.True(urgentAfter >= 16, $"only {urgentAfter} urgent scans finished after the last routine scan: routine scans waited for the urgent flood");
    }

    [Fact]
    public async Task A_deadline_the_queue_cannot_meet_is_refused_at_once_with_the_estimate()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var backlog = await Task.WhenAll(Enumerable.Range(0, 96).Select(i => driver.SubmitAsync("deadline-backlog", TestImages.Png((byte)i))));

        // Six batches of 250 ms are ahead of a routine scan: 200 ms cannot be met.
        var refused = await driver.TrySubmitAsync("deadline-late", TestImages.Png(1), "late-1", deadlineMs: 200);
        Assert.Equal(SubmitStatus.Busy, refused.Status);
        Assert.Equal("DeadlineUnmeetable", refused.Reason);
        Assert.True(refused.EstimatedMilliseconds > 200, $"estimate {refused.EstimatedMilliseconds}");
        Assert.Null(refused.ScanId);
        Assert.Null(await fixture.Client.GetGrain<IScanResultGrain>(Grains.Intake.ScanIds.For("deadline-late", "late-1")).GetAsync());

        // The same queue lets an urgent scan through on a deadline of a few passes, and a routine one on a generous one.
        var urgent = await driver.TrySubmitAsync("deadline-urgent", TestImages.Png(2), "urgent-1", ScanPriority.Urgent, deadlineMs: 10_000);
        Assert.Equal(SubmitStatus.Accepted, urgent.Status);
        var patient = await driver.TrySubmitAsync("deadline-late", TestImages.Png(3), "patient-1", deadlineMs: 600_000);
        Assert.Equal(SubmitStatus.Accepted, patient.Status);

        var results = await driver.WaitAllAsync([.. backlog, urgent.ScanId!, patient.ScanId!], Timeout);
        Assert.All(results, r => Assert.Equal(ScanStatus.Completed, r.Status));
    }

    private static string Describe(IEnumerable<DevicePass> passes) =>
        string.Join(", ", passes.Select(p => $"{(p.Priority == WorkPriority.High ? "U" : "R")}{p.Images}@{p.Started.TotalMilliseconds:0}"));
}
