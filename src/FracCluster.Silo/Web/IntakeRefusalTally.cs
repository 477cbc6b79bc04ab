using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FracCluster.Grains.Telemetry;

namespace FracCluster.Silo.Web;

/// <summary>
/// This silo's intake refusals by reason (Busy, DeadlineUnmeetable, TooLarge, …) since it started, for the cluster
/// page. Read from the <c>fraccluster.refusals</c> counter the metrics endpoint exports, so the page and Prometheus
/// count the same events; refused scans never reach the worklist, which only sees accepted ones.
/// </summary>
public sealed class IntakeRefusalTally : IDisposable
{
    private const string Instrument = "fraccluster.refusals";
    private readonly ConcurrentDictionary<string, long> _byReason = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();

    /// <param name="meters">This host's meter factory: silos sharing a process (tests, benchmarks) each count their own.</param>
    public IntakeRefusalTally(IMeterFactory meters)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == FracMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Name == Instrument)
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var reason = "unknown";
            foreach (var tag in tags)
            {
                if (tag.Key == "reason" && tag.Value is string text)
                    reason = text;
            }
            _byReason.AddOrUpdate(reason, value, (_, total) => total + value);
        });
        _listener.Start();
    }

    public IReadOnlyDictionary<string, long> Snapshot() => new SortedDictionary<string, long>(_byReason, StringComparer.Ordinal);

    public void Dispose() => _listener.Dispose();
}
