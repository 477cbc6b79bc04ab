namespace FracCluster.Deploy.Tests.Contracts;

/// <summary>
/// The metrics the manifests, alerts and operations guide rely on. The HPA scales on fraccluster_queue_depth, so that
/// one is load-bearing: the silo must export the gauge under exactly this OpenTelemetry name.
/// </summary>
public static class SiloMetricsContract
{
    public static SiloMetric QueueDepth { get; } = new(
        "fraccluster.queue.depth", MetricInstrument.Gauge, "{scan}", "fraccluster_queue_depth", [],
        "Scans accepted by this silo and not yet in a forward pass (batcher queues plus model-grain input). The autoscaling signal.");

    public static IReadOnlyList<SiloMetric> Metrics { get; } =
    [
        QueueDepth,
        new("fraccluster.batch.size", MetricInstrument.Histogram, "{scan}", "fraccluster_batch_size", ["device"],
            "Scans per batch sent to a model grain; full batches are 16."),
        new("fraccluster.queue.wait", MetricInstrument.Histogram, "s", "fraccluster_queue_wait_seconds", ["device", "priority"],
            "Time a scan waits between acceptance and the start of its batch's forward pass, by priority (urgent, routine)."),
        new("fraccluster.batches", MetricInstrument.Counter, "{batch}", "fraccluster_batches_total", ["reason", "priority"],
            "Batches closed by a silo's batcher, by why they closed (full, delay, device-free, urgent, shutdown) and priority."),
        new("fraccluster.compute.duration", MetricInstrument.Histogram, "s", "fraccluster_compute_duration_seconds", ["device"],
            "Time of one batch on a model grain: fetch, decode, preprocess and forward pass."),
        new("fraccluster.scan.duration", MetricInstrument.Histogram, "s", "fraccluster_scan_duration_seconds", ["status"],
            "Time from acceptance of a scan to its stored result; the latency a scanner sees."),
        new("fraccluster.images", MetricInstrument.Counter, "{image}", "fraccluster_images_total", ["device"],
            "Images classified; rate() of it is images per second per device."),
        new("fraccluster.rejections", MetricInstrument.Counter, "{scan}", "fraccluster_rejections_total", ["reason"],
            "Scans refused or rejected, by reason (too large, unreadable image, queue full, ...)."),
    ];
}
