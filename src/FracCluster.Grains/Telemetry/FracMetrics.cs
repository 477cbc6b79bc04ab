using System.Diagnostics.Metrics;

namespace FracCluster.Grains.Telemetry;

/// <summary>
/// The serving metrics (meter "FracCluster.Serving"), exported to Prometheus by the silo host. The names are a contract
/// with the deployment (HPA, alerts, docs/operations.md): the exporter turns <c>fraccluster.queue.depth</c> into
/// <c>fraccluster_queue_depth</c>, <c>fraccluster.queue.wait</c> (unit s) into <c>fraccluster_queue_wait_seconds</c>, and so on.
/// </summary>
public sealed class FracMetrics
{
    public const string MeterName = "FracCluster.Serving";

    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly Meter _meter;
    private readonly Counter<long> _studyExports;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _images;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _expired;
    private readonly Counter<long> _redriven;
    private readonly Counter<long> _batches;
    private readonly Counter<long> _refusals;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _compute;
    private readonly Histogram<double> _scanDuration;
    private int _atModels;

    public FracMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _accepted = _meter.CreateCounter<long>("fraccluster.scans.accepted", "{scan}", "Scans accepted by the API or the intake grain.");
        _images = _meter.CreateCounter<long>("fraccluster.images", "{image}", "Images classified, by device; rate() gives images/s per device.");
        _rejections = _meter.CreateCounter<long>("fraccluster.rejections", "{scan}", "Scans refused at intake or rejected by a model grain, by reason (TooLarge, NotAnImage, Busy, Unavailable, Corrupt, …).");
        _expired = _meter.CreateCounter<long>("fraccluster.scans.expired", "{scan}", "Scans whose deadline passed before a model served them.");
        _redriven = _meter.CreateCounter<long>("fraccluster.scans.redriven", "{scan}", "Scans put back on the scans stream because they stayed pending too long (a silo died holding them, or a publish failed).");
        _batches = _meter.CreateCounter<long>("fraccluster.batches", "{batch}", "Batches closed by this silo's batcher, by why they closed (full, delay, device-free, urgent, shutdown) and priority (urgent when it holds an urgent scan).");
        _refusals = _meter.CreateCounter<long>("fraccluster.refusals", "{scan}", "Scans refused at intake, before anything was stored, by reason (Busy, DeadlineUnmeetable, Unavailable, TooLarge, NotAnImage, ...).");
        _studyExports = _meter.CreateCounter<long>("fraccluster.dicom.exports", "{attempt}", "Tries to send a study's report to a DICOM destination, by outcome (sent, retry, failed: the study is left ExportFailed).");
        _batchSize = _meter.CreateHistogram<int>("fraccluster.batch.size", "{scan}", "Scans per batch sent to a model grain; full batches are 16.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 12, 15, 16, 24, 32, 64] });
        _queueWait = _meter.CreateHistogram<double>("fraccluster.queue.wait", "s", "From acceptance to the start of the batch's forward pass, by device and priority.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _compute = _meter.CreateHistogram<double>("fraccluster.compute.duration", "s", "One batch on a model grain: fetch, decode, preprocess and forward pass.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
        _scanDuration = _meter.CreateHistogram<double>("fraccluster.scan.duration", "s", "From acceptance of a scan to its stored final result, by status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets });
    }

    /// <summary>
    /// Registers the gauges: queue depth (the autoscaling signal: scans waiting in this silo's batcher plus those handed
    /// to its model grains) and admitted (scans this silo accepted that are not final yet).
    /// </summary>
    public void ObserveQueue(Func<int> admitted, Func<int> queued)
    {
        _meter.CreateObservableGauge("fraccluster.queue.depth", () => new Measurement<int>(queued() + Volatile.Read(ref _atModels)), "{scan}",
            "Scans accepted by this silo and not yet through a forward pass (batcher queue plus model-grain input).");
        _meter.CreateObservableGauge("fraccluster.admitted", () => new Measurement<int>(admitted()), "{scan}", "Scans this silo accepted that are not final yet.");
    }

    public void Accepted() => _accepted.Add(1);

    /// <summary>A scan refused at intake: counted as a refusal and, as before, among the rejections by reason.</summary>
    public void Refused(string reason)
    {
        var tag = new KeyValuePair<string, object?>("reason", reason);
        _refusals.Add(1, tag);
        _rejections.Add(1, tag);
    }

    public void BatchClosed(string reason, bool urgent) =>
        _batches.Add(1, new KeyValuePair<string, object?>("reason", reason), PriorityTag(urgent));

    public void Expired(int count) => _expired.Add(count);

    /// <summary>One try to send a study's report: "sent", "retry" (a retry is scheduled) or "failed" (given up).</summary>
    public void StudyExport(string outcome, string destination) =>
        _studyExports.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("destination", destination));

    public void Redriven() => _redriven.Add(1);

    /// <summary>A model grain of this silo took (positive) or finished (negative) this many scans.</summary>
    public void AtModel(int delta) => Interlocked.Add(ref _atModels, delta);

    public void BatchServed(string device, int batchSize, int classified, double computeMilliseconds)
    {
        var tag = new KeyValuePair<string, object?>("device", device);
        _batchSize.Record(batchSize, tag);
        _images.Add(classified, tag);
        _compute.Record(computeMilliseconds / 1000.0, tag);
    }

    public void QueueWait(string device, bool urgent, double milliseconds) =>
        _queueWait.Record(milliseconds / 1000.0, new KeyValuePair<string, object?>("device", device), PriorityTag(urgent));

    private static KeyValuePair<string, object?> PriorityTag(bool urgent) => new("priority", urgent ? "urgent" : "routine");

    public void Rejected(string reason) => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void ScanFinished(string status, TimeSpan duration) =>
        _scanDuration.Record(Math.Max(0, duration.TotalSeconds), new KeyValuePair<string, object?>("status", status));
}
