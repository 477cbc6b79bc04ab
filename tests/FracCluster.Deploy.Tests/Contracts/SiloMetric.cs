namespace FracCluster.Deploy.Tests.Contracts;

/// <summary>A metric the silo exports on /metrics, by its OpenTelemetry definition and the Prometheus name it gets.</summary>
/// <param name="OpenTelemetryName">The instrument name given to the .NET Meter.</param>
/// <param name="Instrument">Gauge, counter or histogram.</param>
/// <param name="Unit">The instrument's UCUM unit; annotations in braces add no suffix.</param>
/// <param name="PrometheusName">The name the OpenTelemetry Prometheus exporter gives it (without _bucket/_sum/_count).</param>
/// <param name="Labels">Attributes the silo attaches.</param>
/// <param name="Meaning">What it counts, for the operations guide.</param>
public sealed record SiloMetric(
    string OpenTelemetryName,
    MetricInstrument Instrument,
    string Unit,
    string PrometheusName,
    IReadOnlyList<string> Labels,
    string Meaning)
{
    /// <summary>The series names Prometheus stores for this metric.</summary>
    public IReadOnlyList<string> SeriesNames => Instrument == MetricInstrument.Histogram
        ? [PrometheusName + "_bucket", PrometheusName + "_sum", PrometheusName + "_count"]
        : [PrometheusName];
}
