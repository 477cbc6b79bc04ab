namespace FracCluster.Deploy.Tests.Contracts;

/// <summary>OpenTelemetry instrument kinds, as far as they change the Prometheus name.</summary>
public enum MetricInstrument
{
    Gauge,
    Counter,
    Histogram,
}
