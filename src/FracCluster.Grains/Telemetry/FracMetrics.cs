using System.Diagnostics.Metrics;

namespace FracCluster.Grains.Telemetry;

/// <summary>
/// The serving metrics (meter "FracCluster.Serving"), exported to Prometheus by the silo host. Names follow OpenTelemetry
/// conventions; the exporter turns them into e.g. <c>frac_batch_size</c> and <c>frac_images_total</c>.
/// </summary>
public sealed class FracMetrics
{
    public const string MeterName = "FracCluster.Serving";

    private readonly Meter _meter;
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _images;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _expired;
    private readonly Histogram<int> _batchSize;
    private readonly Histogram<double> _queueWait;
    private readonly Histogram<double> _compute;

    public FracMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _accepted = _meter.CreateCounter<long>("frac.scans.accepted", "{scan}", "Scans accepted by the API or the intake grain.");
        _refused = _meter.CreateCounter<long>("frac.scans.refused", "{scan}", "Scans refused at intake, by reason (Busy, TooLarge, NotAnImage, …).");
        _images = _meter.CreateCounter<long>("frac.images", "{image}", "Images classified, by device; rate() gives images/s per device.");
        _rejections = _meter.CreateCounter<long>("frac.rejections", "{image}", "Images rejected by the model grain, by reason.");
        _expired = _meter.CreateCounter<long>("frac.scans.expired", "{scan}", "Scans whose deadline passed before a model served them.");
        _batchSize = _meter.CreateHistogram<int>("frac.batch.size", "{image}", "Scans per batch sent to a model grain.",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [1, 2, 4, 8, 12, 15, 16, 24, 32, 64] });
        _queueWait = _meter.CreateHistogram<double>("frac.queue.wait", "ms", "From acceptance to the start of the forward pass.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
        _compute = _meter.CreateHistogram<double>("frac.compute.time", "ms", "Forward pass of one batch.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000] });
    }

    /// <summary>Registers the queue depth gauge (scans admitted by this silo and not final; scans waiting in its batcher).</summary>
    public void ObserveQueue(Func<int> admitted, Func<int> queued)
    {
        _meter.CreateObservableGauge("frac.queue.depth", () => new Measurement<int>(queued()), "{scan}", "Scans waiting in this silo's batcher.");
        _meter.CreateObservableGauge("frac.admitted", () => new Measurement<int>(admitted()), "{scan}", "Scans this silo accepted that are not final yet.");
    }

    public void Accepted() => _accepted.Add(1);

    public void Refused(string reason) => _refused.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Expired(int count) => _expired.Add(count);

    public void BatchDispatched(int size) => _batchSize.Record(size);

    public void BatchServed(string device, int classified, double computeMilliseconds)
    {
        _images.Add(classified, new KeyValuePair<string, object?>("device", device));
        _compute.Record(computeMilliseconds, new KeyValuePair<string, object?>("device", device));
    }

    public void QueueWait(double milliseconds) => _queueWait.Record(milliseconds);

    public void Rejected(string reason) => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));
}
