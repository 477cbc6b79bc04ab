using FracCluster.Contracts;
using FracCluster.Grains.Batching;

namespace FracCluster.Cluster.Tests.Triage;

/// <summary>The deadline estimate on its own: work ahead over measured device rates, no cluster.</summary>
public sealed class ServiceTimeEstimatorTests
{
    [Fact]
    public void No_measured_device_gives_no_estimate()
    {
        Assert.Null(ServiceTimeEstimator.EstimateMilliseconds([Silo(0, 0, Model(ready: true, fullBatchMs: null))], ScanPriority.Routine, 16));
        Assert.Null(ServiceTimeEstimator.EstimateMilliseconds([Silo(0, 0, Model(ready: false, fullBatchMs: 400))], ScanPriority.Routine, 16));
        Assert.Null(ServiceTimeEstimator.EstimateMilliseconds([], ScanPriority.Urgent, 16));
    }

    [Fact]
    public void An_idle_device_needs_one_pass()
    {
        Assert.Equal(400, ServiceTimeEstimator.EstimateMilliseconds([Silo(0, 0, Model(fullBatchMs: 400))], ScanPriority.Routine, 16));
    }

    [Fact]
    public void A_routine_scan_waits_for_everything_queued_and_in_flight()
    {
        // 64 queued (4 passes) + 32 in flight (2 passes) at 400 ms a pass, then its own pass.
        var estimate = ServiceTimeEstimator.EstimateMilliseconds([Silo(urgent: 0, routine: 64, Model(fullBatchMs: 400, inFlight: 32))], ScanPriority.Routine, 16);
        Assert.Equal((6 * 400) + 400, estimate!.Value, 6);
    }

    [Fact]
    public void An_urgent_scan_waits_only_for_urgent_work_and_the_pass_that_is_running()
    {
        // Routine work queued and waiting at the model does not count; the running pass (at most a batch) does.
        var estimate = ServiceTimeEstimator.EstimateMilliseconds([Silo(urgent: 8, routine: 160, Model(fullBatchMs: 400, inFlight: 32))], ScanPriority.Urgent, 16);
        Assert.Equal(((8 + 16) / 16.0 * 400) + 400, estimate!.Value, 6);
    }

    [Fact]
    public void Devices_work_in_parallel_at_their_own_rates()
    {
        // 96 images ahead; one device at 16 per 400 ms and one at 16 per 200 ms: 96 / (0.04 + 0.08) = 800 ms, then the faster pass.
        var estimate = ServiceTimeEstimator.EstimateMilliseconds(
            [Silo(0, 96, Model(fullBatchMs: 400)), Silo(0, 0, Model(fullBatchMs: 200))], ScanPriority.Routine, 16);
        Assert.Equal(800 + 200, estimate!.Value, 6);
    }

    private static SiloServing Silo(int urgent, int routine, params ModelStatus[] models) => new()
    {
        Silo = Guid.NewGuid().ToString("N"),
        Models = models,
        QueuedUrgent = urgent,
        QueuedRoutine = routine,
    };

    private static ModelStatus Model(bool ready = true, double? fullBatchMs = 400, int inFlight = 0, int inFlightUrgent = 0) => new()
    {
        Key = Guid.NewGuid().ToString("N"),
        Silo = "s",
        Device = "cpu",
        Ready = ready,
        FullBatchMilliseconds = fullBatchMs,
        InFlightImages = inFlight,
        InFlightUrgentImages = inFlightUrgent,
    };
}
