namespace FracCluster.Deploy.Tests.Contracts;

/// <summary>
/// The OpenTelemetry Prometheus exporter's naming rules, for the cases the silo uses: dots become underscores, a
/// unit adds its Prometheus suffix (annotations in braces add none), monotonic counters end in _total.
/// </summary>
public static class PrometheusNaming
{
    private static readonly Dictionary<string, string> unitSuffixes = new(StringComparer.Ordinal)
    {
        ["s"] = "seconds",
        ["ms"] = "milliseconds",
        ["By"] = "bytes",
        ["1"] = "ratio",
    };

    public static string FromOpenTelemetry(string name, string unit, MetricInstrument instrument)
    {
        var prometheus = name.Replace('.', '_').Replace('-', '_');
        var unitWithoutAnnotations = StripAnnotations(unit);
        if (unitWithoutAnnotations.Length > 0)
        {
            var suffix = unitSuffixes.TryGetValue(unitWithoutAnnotations, out var known) ? known : unitWithoutAnnotations;
            if (!prometheus.EndsWith("_" + suffix, StringComparison.Ordinal))
                prometheus += "_" + suffix;
        }
        if (instrument == MetricInstrument.Counter && !prometheus.EndsWith("_total", StringComparison.Ordinal))
            prometheus += "_total";
        return prometheus;
    }

    private static string StripAnnotations(string unit)
    {
        var start = unit.IndexOf('{', StringComparison.Ordinal);
        while (start >= 0)
        {
            var end = unit.IndexOf('}', start);
            if (end < 0)
                break;
            unit = unit.Remove(start, end - start + 1);
            start = unit.IndexOf('{', StringComparison.Ordinal);
        }
        return unit.Trim();
    }
}
