using Microsoft.Extensions.DependencyInjection;
using FracCluster.Cluster.Tests.Infrastructure;
using FracCluster.Contracts;

namespace FracCluster.Cluster.Tests;

public sealed class ScanFlowTests(LightTrafficClusterFixture fixture) : IClassFixture<LightTrafficClusterFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Two_hundred_scans_from_five_scanners_give_exactly_two_hundred_results_without_duplicates()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var scanners = Enumerable.Range(0, 5).Select(i => $"flow-{i}").ToArray();
        await driver.ListenAsync(scanners);

        var sent = await Task.WhenAll(Enumerable.Range(0, 200).Select(i =>
            driver.SubmitAsync(scanners[i % 5], TestImages.Png((byte)i))));
        var results = await driver.WaitAllAsync(sent, Timeout);

        Assert.Equal(200, sent.Distinct().Count());
        Assert.All(results, r => Assert.Equal(ScanStatus.Completed, r.Status));
        for (var i = 0; i < 200; i++)
        {
            Assert.Equal(scanners[i % 5], results[i].ScannerId);
            Assert.Equal(i / 255f, results[i].ProbabilityFractured!.Value, 3);
        }
        await Poll.UntilAsync(() => Task.FromResult(driver.Delivered.Count >= 200), Timeout, "200 results on the results streams");
        Assert.Equal(200, driver.Delivered.Count);
        Assert.Equal(sent.Order(), driver.Delivered.Select(r => r.ScanId).Order());

        // Each scanner's stream consumer (implicit subscription keyed by scanner id) forwarded exactly its 40 scans.
        foreach (var scanner in scanners)
            Assert.Equal(40, await fixture.Client.GetGrain<IScanConsumerGrain>(scanner).GetForwardedAsync());
    }

    [Fact]
    public async Task A_partial_batch_is_flushed_after_the_max_delay_when_traffic_is_light()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var sent = await Task.WhenAll(Enumerable.Range(0, 3).Select(i => driver.SubmitAsync("light", TestImages.Png(10))));
        var results = await driver.WaitAllAsync(sent, Timeout);

        Assert.All(results, r => Assert.Equal(ScanStatus.Completed, r.Status));
        // Three scans sent together travel as one batch of three, closed by the max delay (300 ms) rather than by size.
        Assert.All(results, r => Assert.Equal(3, r.BatchSize));
        Assert.InRange(results.Max(r => r.QueueMilliseconds), 295, 30_000);
    }

    [Fact]
    public async Task A_retry_with_the_same_client_scan_id_returns_the_first_scan_and_queues_nothing()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var first = await driver.SubmitAsync("retry", TestImages.Png(20), clientScanId: "acq-0001");
        var again = await fixture.Client.GetGrain<IScanIntakeGrain>(0).SubmitAsync(new ScanSubmission { ScannerId = "retry", Image = TestImages.Png(20), ClientScanId = "acq-0001" });

        Assert.Equal(SubmitStatus.Duplicate, again.Status);
        Assert.Equal(first, again.ScanId);
        var result = Assert.Single(await driver.WaitAllAsync([first], Timeout));
        Assert.Equal(ScanStatus.Completed, result.Status);
    }

    [Fact]
    public async Task A_client_scan_id_reused_with_other_bytes_is_a_conflict_and_the_first_image_stays_as_it_was()
    {
        await using var driver = new ScanDriver(fixture.Client);
        var first = await driver.SubmitAsync("reuse-orleans", TestImages.Png(30), clientScanId: "acq-0002");
        var firstResult = Assert.Single(await driver.WaitAllAsync([first], Timeout));
        var keysBefore = await ScanBlobsAsync();

        var other = await fixture.Client.GetGrain<IScanIntakeGrain>(0).SubmitAsync(new ScanSubmission { ScannerId = "reuse-orleans", Image = TestImages.Png(31), ClientScanId = "acq-0002" });

        Assert.Equal(SubmitStatus.Conflict, other.Status);
        Assert.Equal(first, other.ScanId);
        Assert.Contains("different image bytes", other.Message, StringComparison.Ordinal);
        var record = await fixture.Client.GetGrain<IScanResultGrain>(first).GetAsync();
        Assert.Equal(firstResult.ProbabilityFractured, record!.ProbabilityFractured);
        // Nothing of the refused image is left behind, and the first image's bytes are unchanged.
        Assert.Equal(keysBefore, await ScanBlobsAsync());
        foreach (var key in keysBefore.Where(k => k.Contains(first, StringComparison.Ordinal)))
            Assert.Equal(TestImages.Png(30), await fixture.Blobs.GetAsync(key));
    }

    [Fact]
    public async Task A_submission_cancelled_while_its_bytes_are_stored_gives_its_admission_slot_back()
    {
        var silo = fixture.Cluster.Silos[0];
        var intake = silo.SiloHost.Services.GetRequiredService<FracCluster.Grains.Intake.ScanIntake>();
        var admission = silo.SiloHost.Services.GetRequiredService<FracCluster.Grains.Intake.ScanAdmission>();
        var before = admission.Admitted;
        using var hungUp = new CancellationTokenSource();
        await hungUp.CancelAsync();

        for (var i = 0; i < 3; i++)
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => intake.SubmitAsync(new ScanSubmission { ScannerId = "hung-up", Image = TestImages.Png(40) }, hungUp.Token));

        Assert.Equal(before, admission.Admitted);
    }

    private async Task<List<string>> ScanBlobsAsync()
    {
        var keys = new List<string>();
        await foreach (var key in fixture.Blobs.ListAsync("scans/"))
            keys.Add(key);
        return keys;
    }

    [Fact]
    public async Task A_scan_past_its_deadline_is_expired_not_lost()
    {
        await using var driver = new ScanDriver(fixture.Client);
        // 1 ms cannot be met: the stream hop alone takes longer, so the batcher must expire it.
        var outcome = await fixture.Client.GetGrain<IScanIntakeGrain>(0).SubmitAsync(new ScanSubmission { ScannerId = "deadline", Image = TestImages.Png(2), DeadlineMilliseconds = 1 });
        Assert.Equal(SubmitStatus.Accepted, outcome.Status);

        var expired = Assert.Single(await driver.WaitAllAsync([outcome.ScanId!], Timeout));
        Assert.Equal(ScanStatus.Expired, expired.Status);
        Assert.Equal("DeadlineExceeded", expired.Reason);
        Assert.Null(expired.ProbabilityFractured);
    }
}
